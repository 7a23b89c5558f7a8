namespace DualReader.Firmware
{
    /// <summary>
    /// How one APDU exchange ended, whatever the radio (ISO-DEP or the RF-SIM link). Expected outcomes only;
    /// caller bugs are argument exceptions. Values are only ever added, never renumbered (they travel to the host).
    /// </summary>
    public enum ExchangeResult : byte
    {
        /// <summary>The response arrived complete.</summary>
        Ok = 0,
        /// <summary>The device did not answer within its waiting time, retries included.</summary>
        NoResponse = 1,
        /// <summary>Frames kept arriving damaged (CRC, parity, MAC-less noise) until the retry bound.</summary>
        TransmissionError = 2,
        /// <summary>The device broke the block or link protocol (wrong block number, malformed frame).</summary>
        ProtocolError = 3,
        /// <summary>The response would exceed the caller's buffer or a protocol bound.</summary>
        ResponseTooLong = 4,
        /// <summary>The command is longer than the device accepts.</summary>
        CommandTooLong = 5,
        /// <summary>The device asked for more waiting-time extensions than allowed.</summary>
        WaitExtensionLimit = 6,
        /// <summary>A packet failed authentication, was replayed or came from too far (RF-SIM link).</summary>
        SecurityError = 7,
        /// <summary>The device left the field or the session ended.</summary>
        DeviceLost = 8,
        /// <summary>The reader chip failed (hardware fault).</summary>
        ChipError = 9
    }

    /// <summary>The names of <see cref="ExchangeResult"/> (for logs and test failures: nanoFramework's Enum.ToString gives the number).</summary>
    public static class ExchangeResultNames
    {
        private static readonly string[] Names = new string[] { "Ok", "NoResponse", "TransmissionError", "ProtocolError", "ResponseTooLong", "CommandTooLong", "WaitExtensionLimit", "SecurityError", "DeviceLost", "ChipError" };

        /// <summary>The name of <paramref name="value"/>, or its number when it has none.</summary>
        public static string Name(ExchangeResult value)
        {
            int index = (int)value;
            return index >= 0 && index < Names.Length ? Names[index] : index.ToString();
        }
    }

}
