namespace DualReader.Firmware.Reader
{
    /// <summary>What one poll of a radio found.</summary>
    public enum PollResult : byte
    {
        /// <summary>Nobody there, or someone who broke off: poll again next period.</summary>
        Nothing = 0,

        /// <summary>One device, activated and ready for its transaction.</summary>
        Device = 1,

        /// <summary>More than one device answered: a collision record, no transaction (EMV Book D 3.2.2 / 5.4).</summary>
        Collision = 2,

        /// <summary>A device the reader will not talk to (it failed authentication); already reported.</summary>
        Refused = 3,

        /// <summary>The chip failed during the poll: the scheduler re-initialises it.</summary>
        ChipError = 4
    }

    /// <summary>What a presence check (while waiting for the last device to leave) found.</summary>
    public enum PresenceResult : byte
    {
        /// <summary>Nobody answered.</summary>
        Absent = 0,

        /// <summary>A device is still there.</summary>
        Present = 1,

        /// <summary>The chip failed during the check.</summary>
        ChipError = 2
    }
}
