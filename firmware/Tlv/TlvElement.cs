namespace DualReader.Firmware.Tlv
{
    /// <summary>
    /// Where one BER-TLV data object sits inside a caller-owned array (ISO/IEC 8825-1, as profiled by
    /// ISO/IEC 7816-4 annex D and EMV Book 3 annex B). Holds offsets only: nothing is copied.
    /// </summary>
    public struct TlvElement
    {
        /// <summary>The tag, its bytes big-endian in an int (e.g. 0x9F36, 0xBF0C, 0x5A); at most 3 tag bytes.</summary>
        public int Tag;

        /// <summary>Offset of the first tag byte.</summary>
        public int TagOffset;

        /// <summary>Offset of the first value byte.</summary>
        public int ValueOffset;

        /// <summary>Number of value bytes.</summary>
        public int ValueLength;

        /// <summary>True when the tag marks a constructed object (bit 6 of the first tag byte, ISO/IEC 8825-1 8.1.2.5).</summary>
        public bool IsConstructed;

        /// <summary>Offset just past the value (where the next object starts).</summary>
        public int End
        {
            get { return ValueOffset + ValueLength; }
        }
    }
}
