namespace DualReader.Sim.Nfc
{
    /// <summary>ISO/IEC 14443-3 type A PICC states (6.3, figure 7); the starred states are entered from HALT.</summary>
    public enum PiccState
    {
        /// <summary>Out of the field or no carrier.</summary>
        PowerOff,
        /// <summary>Powered, waiting for REQA or WUPA.</summary>
        Idle,
        /// <summary>Answered REQA/WUPA: anticollision and SELECT.</summary>
        Ready,
        /// <summary>Selected.</summary>
        Active,
        /// <summary>Halted by HLTA (or DESELECT); only WUPA wakes it.</summary>
        Halt,
        /// <summary>READY*, reached from HALT by WUPA.</summary>
        ReadyStar,
        /// <summary>ACTIVE*, selected after WUPA from HALT.</summary>
        ActiveStar
    }
}
