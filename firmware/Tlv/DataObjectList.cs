namespace DualReader.Firmware.Tlv
{
    /// <summary>The terminal's answer to one data object list entry (EMV Book 3, 5.4).</summary>
    public interface IDataObjectSource
    {
        /// <summary>
        /// Writes exactly <paramref name="length"/> bytes for <paramref name="tag"/> at <paramref name="offset"/>.
        /// Unknown tags are written as zeros (EMV Book 3, 5.4: "If the tag is unknown, fill with hexadecimal zeroes").
        /// </summary>
        void WriteValue(int tag, byte[] destination, int offset, int length);
    }

    /// <summary>Data object lists (PDOL, CDOL, ...): a sequence of tag + length entries without values.</summary>
    public static class DataObjectList
    {
        /// <summary>
        /// Builds the concatenated values the list asks for (EMV Book 3, 5.4) into <paramref name="destination"/>.
        /// </summary>
        /// <returns>Bytes written, or -1 when the list is malformed or the values do not fit.</returns>
        public static int Build(byte[] list, int offset, int count, IDataObjectSource source, byte[] destination, int destinationOffset, int destinationCapacity)
        {
            int position = offset;
            int limit = offset + count;
            int written = 0;
            while (position < limit)
            {
                int first = list[position++];
                int tag = first;
                if ((first & 0x1F) == 0x1F)
                {
                    int tagBytes = 1;
                    while (true)
                    {
                        if (position >= limit || tagBytes >= BerTlv.MaximumTagBytes)
                        {
                            return -1;
                        }

                        int next = list[position++];
                        tag = (tag << 8) | next;
                        tagBytes++;
                        if ((next & 0x80) == 0)
                        {
                            break;
                        }
                    }
                }

                if (position >= limit)
                {
                    return -1;
                }

                int length = list[position++];
                if ((length & 0x80) != 0)
                {
                    // DOL lengths are one byte (EMV Book 3, 5.4); a long form here is a malformed list.
                    return -1;
                }

                if (written + length > destinationCapacity)
                {
                    return -1;
                }

                source.WriteValue(tag, destination, destinationOffset + written, length);
                written += length;
            }

            return written;
        }
    }
}
