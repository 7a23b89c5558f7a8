namespace DualReader.Hal
{
    /// <summary>Routes peripheral signals to pins (the ESP32 GPIO matrix). Only board classes call it.</summary>
    public interface IPinFunctions
    {
        /// <summary>Connects <paramref name="function"/> to GPIO <paramref name="pin"/>.</summary>
        void SetPinFunction(int pin, PinFunction function);
    }
}
