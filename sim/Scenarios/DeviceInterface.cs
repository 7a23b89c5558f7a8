namespace DualReader.Sim.Scenarios
{
    /// <summary>Which radio a scenario device is presented on.</summary>
    public enum DeviceInterface
    {
        /// <summary>13.56 MHz ISO/IEC 14443 Type A (scenario value "nfc").</summary>
        Nfc,
        /// <summary>2.4 GHz RF-SIM link over nRF24L01+ (scenario value "rfsim").</summary>
        RfSim
    }
}
