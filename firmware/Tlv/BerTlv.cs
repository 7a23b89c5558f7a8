namespace DualReader.Firmware.Tlv
{
    /// <summary>
    /// BER-TLV decoding over caller-owned arrays, without allocation (EMV Book 3 annex B, ISO/IEC 7816-4 annex D).
    /// Every read is bounded by the caller's <c>offset + count</c>: a length past the end, a length field of more than
    /// three bytes, a tag of more than three bytes or nesting deeper than <see cref="MaximumDepth"/> makes the read
    /// fail instead of throwing or looping.
    /// </summary>
    public static class BerTlv
    {
        /// <summary>Deepest template nesting searched (EMV data is at most 4 levels deep: 6F/A5/BF0C/61).</summary>
        public const int MaximumDepth = 8;

        /// <summary>Longest tag accepted, in bytes (EMV tags have 1 to 3 bytes; EMV Book 3 annex B1).</summary>
        public const int MaximumTagBytes = 3;

        /// <summary>
        /// Reads the object that starts at <paramref name="offset"/> (after skipping 00/FF padding, which EMV Book 3
        /// annex B allows before, between and after objects). False when no complete object fits before
        /// <paramref name="limit"/> (exclusive) or the encoding is invalid.
        /// </summary>
        public static bool TryReadElement(byte[] buffer, int offset, int limit, out TlvElement element)
        {
            if (buffer == null || offset < 0 || limit > buffer.Length)
            {
                element = new TlvElement();
                return false;
            }

            return Read(buffer, offset, limit, out element) > 0;
        }

        /// <summary>
        /// <see cref="TryReadElement"/> for walks over many objects: the tag, the value's offset and length only (the
        /// next object starts at <c>valueOffset + valueLength</c>), no <see cref="TlvElement"/> to fill.
        /// </summary>
        public static bool TryReadHeader(byte[] buffer, int offset, int limit, out int tag, out int valueOffset, out int valueLength)
        {
            if (buffer == null || offset < 0 || limit > buffer.Length)
            {
                tag = 0;
                valueOffset = 0;
                valueLength = 0;
                return false;
            }

            return ReadHeader(buffer, offset, limit, out tag, out valueOffset, out valueLength) > 0;
        }

        /// <summary>Finds the first object with <paramref name="tag"/> at the top level of the range (no descent).</summary>
        public static bool TryFind(byte[] buffer, int offset, int count, int tag, out TlvElement element)
        {
            int limit = offset + count;
            if (buffer == null || offset < 0 || limit > buffer.Length)
            {
                element = new TlvElement();
                return false;
            }

            int position = offset;
            int found;
            int objectTag;
            int valueOffset;
            int valueLength;
            while ((found = ReadHeader(buffer, position, limit, out objectTag, out valueOffset, out valueLength)) > 0)
            {
                if (objectTag == tag)
                {
                    return Read(buffer, found - 1, limit, out element) > 0;
                }

                position = valueOffset + valueLength;
            }

            element = new TlvElement();
            return false;
        }

        /// <summary>
        /// Follows <paramref name="path"/> (e.g. 6F, A5, BF0C) from the top level: each step is searched at the level
        /// of the previous step's value. Paths longer than <see cref="MaximumDepth"/> fail.
        /// </summary>
        public static bool TryFindPath(byte[] buffer, int offset, int count, int[] path, out TlvElement element)
        {
            element = new TlvElement();
            if (path == null || path.Length == 0 || path.Length > MaximumDepth)
            {
                return false;
            }

            int start = offset;
            int length = count;
            for (int i = 0; i < path.Length; i++)
            {
                if (!TryFind(buffer, start, length, path[i], out element))
                {
                    return false;
                }

                if (i < path.Length - 1 && !element.IsConstructed)
                {
                    return false;
                }

                start = element.ValueOffset;
                length = element.ValueLength;
            }

            return true;
        }

        /// <summary>
        /// Finds the first object with <paramref name="tag"/> anywhere in the range, descending into constructed
        /// objects depth-first up to <see cref="MaximumDepth"/> levels.
        /// </summary>
        public static bool TryFindAnywhere(byte[] buffer, int offset, int count, int tag, out TlvElement element)
        {
            if (buffer == null || offset < 0 || offset + count > buffer.Length)
            {
                element = new TlvElement();
                return false;
            }

            return FindAnywhere(buffer, offset, offset + count, tag, 0, out element);
        }

        /// <summary>
        /// True when the range is a well-formed sequence of objects (padding allowed) whose constructed objects are
        /// well-formed too, down to <see cref="MaximumDepth"/> levels; deeper nesting is rejected.
        /// </summary>
        public static bool IsWellFormed(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || offset + count > buffer.Length)
            {
                return false;
            }

            return WellFormed(buffer, offset, offset + count, 0);
        }

        /// <summary>Reads a big-endian unsigned value of up to 4 bytes (e.g. 9F36 ATC); false when longer.</summary>
        public static bool TryReadUnsigned(byte[] buffer, TlvElement element, out long value)
        {
            value = 0;
            if (element.ValueLength > 4)
            {
                return false;
            }

            for (int i = 0; i < element.ValueLength; i++)
            {
                value = (value << 8) | buffer[element.ValueOffset + i];
            }

            return true;
        }

        /// <summary>
        /// Reads packed BCD digits (format n, e.g. 9F79 balance, 9F02 amount) as an integer; false on a non-decimal
        /// nibble or more than 18 digits.
        /// </summary>
        public static bool TryReadBcd(byte[] buffer, TlvElement element, out long value)
        {
            value = 0;
            if (element.ValueLength > 9)
            {
                return false;
            }

            for (int i = 0; i < element.ValueLength; i++)
            {
                int b = buffer[element.ValueOffset + i];
                int high = b >> 4;
                int low = b & 0x0F;
                if (high > 9 || low > 9)
                {
                    return false;
                }

                value = value * 100 + high * 10 + low;
            }

            return true;
        }

        private static bool FindAnywhere(byte[] buffer, int start, int limit, int tag, int depth, out TlvElement element)
        {
            int position = start;
            while (Read(buffer, position, limit, out element) > 0)
            {
                if (element.Tag == tag)
                {
                    return true;
                }

                int end = element.ValueOffset + element.ValueLength;
                if (element.IsConstructed && depth + 1 < MaximumDepth)
                {
                    TlvElement inner;
                    if (FindAnywhere(buffer, element.ValueOffset, end, tag, depth + 1, out inner))
                    {
                        element = inner;
                        return true;
                    }
                }

                position = end;
            }

            element = new TlvElement();
            return false;
        }

        private static bool WellFormed(byte[] buffer, int start, int limit, int depth)
        {
            if (depth >= MaximumDepth)
            {
                return false;
            }

            int position = start;
            while (true)
            {
                int tag;
                int valueOffset;
                int valueLength;
                int found = ReadHeader(buffer, position, limit, out tag, out valueOffset, out valueLength);
                if (found == 0)
                {
                    return true;
                }

                position = valueOffset + valueLength;
                if (found < 0 || ((buffer[found - 1] & 0x20) != 0 && !WellFormed(buffer, valueOffset, position, depth + 1)))
                {
                    return false;
                }
            }
        }

        /// <summary>
        /// The one decoder behind every public method (arguments already checked): skips 00/FF padding, then reads one
        /// object's tag and length. Returns the object's tag offset + 1 (so &gt; 0; its first byte tells a constructed
        /// object, 8825-1 8.1.2.5) with <paramref name="tag"/>, <paramref name="valueOffset"/> and
        /// <paramref name="valueLength"/> set, 0 when only padding is left before <paramref name="limit"/>, -1 when the
        /// bytes are not a complete object. Plain int outputs, no <see cref="TlvElement"/>: on the nanoFramework
        /// interpreter a walk through struct fields cost three times as much (WellFormed: 310 k instructions in the
        /// phone read before, 103 k after; `dualreader bench --profile phone_payment_106`), and TLV walking is most of
        /// what an EMV read computes.
        /// </summary>
        private static int ReadHeader(byte[] buffer, int position, int limit, out int tag, out int valueOffset, out int valueLength)
        {
            tag = 0;
            valueOffset = 0;
            valueLength = 0;
            while (position < limit && (buffer[position] == 0x00 || buffer[position] == 0xFF))
            {
                position++;
            }

            if (position >= limit)
            {
                return 0;
            }

            int tagOffset = position;
            int first = buffer[position++];
            int value = first;
            // ISO/IEC 8825-1 8.1.2.4: low five bits all set => subsequent tag bytes follow, each with b8 = "more".
            if ((first & 0x1F) == 0x1F)
            {
                int tagBytes = 1;
                while (true)
                {
                    if (position >= limit || tagBytes >= MaximumTagBytes)
                    {
                        return -1;
                    }

                    int next = buffer[position++];
                    value = (value << 8) | next;
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

            // ISO/IEC 8825-1 8.1.3: short form (b8 = 0) or long form 81/82/83 (number of length bytes in b7-b1).
            int length = buffer[position++];
            if ((length & 0x80) != 0)
            {
                int lengthBytes = length & 0x7F;
                // 80 is the indefinite form (not allowed in DER/EMV); more than 3 length bytes cannot fit any buffer here.
                if (lengthBytes == 0 || lengthBytes > 3 || position + lengthBytes > limit)
                {
                    return -1;
                }

                length = 0;
                for (int i = 0; i < lengthBytes; i++)
                {
                    length = (length << 8) | buffer[position++];
                }
            }

            if (length > limit - position)
            {
                return -1;
            }

            tag = value;
            valueOffset = position;
            valueLength = length;
            return tagOffset + 1;
        }

        /// <summary><see cref="ReadHeader"/> into a <see cref="TlvElement"/>: 1, 0 or -1 as there.</summary>
        private static int Read(byte[] buffer, int position, int limit, out TlvElement element)
        {
            element = new TlvElement();
            int tag;
            int valueOffset;
            int valueLength;
            int found = ReadHeader(buffer, position, limit, out tag, out valueOffset, out valueLength);
            if (found <= 0)
            {
                return found;
            }

            element.TagOffset = found - 1;
            element.Tag = tag;
            element.IsConstructed = (buffer[found - 1] & 0x20) != 0;
            element.ValueOffset = valueOffset;
            element.ValueLength = valueLength;
            return 1;
        }
    }
}
