namespace DualReader.Firmware.Mifare
{
    /// <summary>
    /// The TLV blocks of a Type 2 tag's data area (NFC Forum Type 2 Tag Operation 1.1, 2.3): NULL (00h, no length),
    /// Lock Control (01h), Memory Control (02h), NDEF Message (03h), Proprietary (FDh), Terminator (FEh, no length).
    /// Lengths are one byte (00h..FEh) or FFh followed by two bytes, big-endian. Unknown TLVs are skipped by length.
    /// </summary>
    public static class NdefTlv
    {
        /// <summary>NULL TLV.</summary>
        public const byte Null = 0x00;

        /// <summary>NDEF Message TLV.</summary>
        public const byte Message = 0x03;

        /// <summary>Terminator TLV.</summary>
        public const byte Terminator = 0xFE;

        /// <summary>
        /// Finds the first NDEF Message TLV in <paramref name="count"/> bytes of data area. Returns
        /// <see cref="NdefStatus.Ok"/> with its value's position, <see cref="NdefStatus.EmptyMessage"/> for length 0,
        /// <see cref="NdefStatus.NoMessage"/> at a Terminator or the end of the data, and
        /// <see cref="NdefStatus.TlvTruncated"/> when a TLV's length field or value runs past the given bytes (more of
        /// the data area may be needed). Every step consumes at least one byte, so the walk is bounded by
        /// <paramref name="count"/>.
        /// </summary>
        public static NdefStatus FindMessage(byte[] area, int offset, int count, out int valueOffset, out int valueLength)
        {
            valueOffset = 0;
            valueLength = 0;
            int end = offset + count;
            int position = offset;
            while (position < end)
            {
                byte type = area[position++];
                if (type == Null)
                {
                    continue;
                }

                if (type == Terminator)
                {
                    return NdefStatus.NoMessage;
                }

                if (position >= end)
                {
                    return NdefStatus.TlvTruncated;
                }

                int length = area[position++];
                if (length == 0xFF)
                {
                    if (position + 2 > end)
                    {
                        return NdefStatus.TlvTruncated;
                    }

                    length = (area[position] << 8) | area[position + 1];
                    position += 2;
                }

                if (type == Message)
                {
                    valueOffset = position;
                    valueLength = length;
                    if (length == 0)
                    {
                        return NdefStatus.EmptyMessage;
                    }

                    return length > end - position ? NdefStatus.TlvTruncated : NdefStatus.Ok;
                }

                if (length > end - position)
                {
                    return NdefStatus.TlvTruncated;
                }

                position += length;
            }

            return NdefStatus.NoMessage;
        }
    }
}
