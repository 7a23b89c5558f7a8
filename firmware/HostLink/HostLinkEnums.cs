namespace DualReader.Firmware.HostLink
{
    /// <summary>The radio a record belongs to. Values travel in records: only ever added.</summary>
    public enum ReaderInterface : byte
    {
        /// <summary>13.56 MHz ISO 14443A (MFRC522).</summary>
        Nfc = 0,
        /// <summary>2.4 GHz RF-SIM (nRF24L01+).</summary>
        RfSim = 1,
        /// <summary>Not tied to one radio; the field is left out of the record.</summary>
        Unspecified = 0xFF
    }

    /// <summary>The phases of a transaction that the per-phase timings name.</summary>
    public enum TimingPhase : byte
    {
        /// <summary>REQA/WUPA, anticollision and SELECT (ISO/IEC 14443-3), or the RF-SIM session set-up.</summary>
        Activation = 1,
        /// <summary>RATS and PPS (ISO/IEC 14443-4, 5.6 and 5.3).</summary>
        RatsPps = 2,
        /// <summary>One APDU exchange; the index counts the APDUs of the transaction from 0.</summary>
        Apdu = 3,
        /// <summary>One READ RECORD; the index counts the records read from 0.</summary>
        Record = 4
    }

    /// <summary>Which way an ISO 14443 frame travelled.</summary>
    public enum FrameDirection : byte
    {
        /// <summary>Reader to card (pcapng event 0xFE).</summary>
        PcdToPicc = 0,
        /// <summary>Card to reader (pcapng event 0xFF).</summary>
        PiccToPcd = 1
    }
}
