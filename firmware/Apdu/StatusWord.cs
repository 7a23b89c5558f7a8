namespace DualReader.Firmware.Apdu
{
    /// <summary>The two status bytes that end every response APDU (ISO/IEC 7816-4, 5.6).</summary>
    public struct StatusWord
    {
        /// <summary>Normal processing, no further qualification.</summary>
        public const int Success = 0x9000;

        private readonly ushort value;

        /// <summary>Builds the status word SW1 SW2.</summary>
        public StatusWord(byte sw1, byte sw2)
        {
            value = (ushort)((sw1 << 8) | sw2);
        }

        /// <summary>SW1 SW2 as one number (0x9000); 0 when no response was received.</summary>
        public int Value
        {
            get { return value; }
        }

        /// <summary>SW1.</summary>
        public byte First
        {
            get { return (byte)(value >> 8); }
        }

        /// <summary>SW2.</summary>
        public byte Second
        {
            get { return (byte)value; }
        }

        /// <summary>False for the default value (no response APDU was received).</summary>
        public bool IsPresent
        {
            get { return value != 0; }
        }

        /// <summary>9000.</summary>
        public bool IsSuccess
        {
            get { return value == Success; }
        }

        /// <summary>62XX or 63XX: processed with a warning (ISO/IEC 7816-4, 5.6, table 5).</summary>
        public bool IsWarning
        {
            get { return First == 0x62 || First == 0x63; }
        }

        /// <summary>61XX: SW2 more bytes are available through GET RESPONSE.</summary>
        public bool HasMoreData
        {
            get { return First == 0x61; }
        }

        /// <summary>6CXX: wrong Le, SW2 gives the exact number of available bytes.</summary>
        public bool IsWrongLength
        {
            get { return First == 0x6C; }
        }

        /// <summary>6A81 / 6A88 / 6D00 / 6E00: the card does not support the command or the data object.</summary>
        public bool IsNotSupported
        {
            get { return value == 0x6A81 || value == 0x6A88 || value == 0x6D00 || value == 0x6E00 || value == 0x6A82; }
        }

        /// <summary>The status word of the last two bytes of a response; default when fewer than two.</summary>
        public static StatusWord FromResponse(byte[] response, int offset, int count)
        {
            if (count < 2)
            {
                return new StatusWord();
            }

            return new StatusWord(response[offset + count - 2], response[offset + count - 1]);
        }

        /// <summary>Four hex digits ("9000"), or "----" when absent.</summary>
        public override string ToString()
        {
            if (value == 0)
            {
                return "----";
            }

            return value.ToString("X4");
        }
    }
}
