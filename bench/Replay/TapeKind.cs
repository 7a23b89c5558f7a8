namespace DualReader.Bench.Replay
{
    /// <summary>
    /// What one entry of a <see cref="HalTape"/> is: the device (high nibble) and the hal call (low nibble). The
    /// replay checks every call the firmware makes against the recorded kind, so a firmware that takes another path
    /// on the interpreter than it took on .NET stops at once instead of being fed the wrong bytes.
    /// </summary>
    public static class TapeKind
    {
        /// <summary>Devices (high nibble).</summary>
        public const byte Mfrc522 = 0x10;
        public const byte Nrf24 = 0x20;
        public const byte HostUart = 0x30;
        public const byte Clock = 0x40;
        public const byte Nonces = 0x50;
        public const byte Random = 0x60;

        /// <summary>Calls (low nibble).</summary>
        public const byte SpiWrite = 0x01;
        public const byte SpiTransfer = 0x02;
        public const byte PinRead = 0x03;
        public const byte PinWait = 0x04;
        public const byte PinWrite = 0x05;
        public const byte ClockRead = 0x06;
        public const byte ClockDelay = 0x07;
        public const byte SerialBaudRate = 0x08;
        public const byte SerialBytesToRead = 0x09;
        public const byte SerialRead = 0x0A;
        public const byte SerialWrite = 0x0B;
        public const byte RandomBytes = 0x0C;

        /// <summary>The device part of <paramref name="kind"/>.</summary>
        public static byte DeviceOf(byte kind)
        {
            return (byte)(kind & 0xF0);
        }

        /// <summary>The call part of <paramref name="kind"/>.</summary>
        public static byte CallOf(byte kind)
        {
            return (byte)(kind & 0x0F);
        }
    }
}
