namespace DualReader.Firmware.Iso14443
{
    /// <summary>How one frame exchange with a PICC ended (expected outcomes, not caller bugs).</summary>
    public enum TransceiveResult : byte
    {
        /// <summary>A frame came back intact.</summary>
        Ok = 0,
        /// <summary>Nothing came back within the frame waiting time.</summary>
        NoResponse,
        /// <summary>A frame came back with a wrong CRC_A.</summary>
        CrcError,
        /// <summary>A frame came back with a parity error.</summary>
        ParityError,
        /// <summary>Several PICCs answered at once (bit collision).</summary>
        Collision,
        /// <summary>A frame came back with a wrong length or framing (e.g. incomplete last byte).</summary>
        ProtocolError,
        /// <summary>The answer was longer than the receive buffer or the chip's FIFO.</summary>
        BufferOverflow,
        /// <summary>The reader chip itself did not complete the command in time (hardware fault).</summary>
        ChipError
    }

    /// <summary>The names of <see cref="TransceiveResult"/> (for logs and test failures: nanoFramework's Enum.ToString gives the number).</summary>
    public static class TransceiveResultNames
    {
        private static readonly string[] Names = new string[] { "Ok", "NoResponse", "CrcError", "ParityError", "Collision", "ProtocolError", "BufferOverflow", "ChipError" };

        /// <summary>The name of <paramref name="value"/>, or its number when it has none.</summary>
        public static string Name(TransceiveResult value)
        {
            int index = (int)value;
            return index >= 0 && index < Names.Length ? Names[index] : index.ToString();
        }
    }

}
