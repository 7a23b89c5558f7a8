namespace DualReader.Firmware.Emv
{
    /// <summary>
    /// Replaces the values of sensitive EMV data objects with <see cref="Filler"/> bytes, in place, keeping every tag
    /// and length (the trace stays parseable and the same length). It walks the data as BER-TLV (ISO/IEC 8825-1;
    /// EMV Book 3 Annex B) and descends into constructed objects.
    /// </summary>
    /// <remarks>
    /// Redacted (values replaced wherever they occur): every tag <see cref="EmvTags"/> marks sensitive.
    /// Kept: 5F24 expiry date (the transaction record carries the expiry month; without the PAN it identifies
    /// nobody), 9F27 cryptogram information data (a one-byte type, not a cryptogram), 9F36 ATC, 5F34 PAN sequence.
    /// Context rules: in a response to GENERATE AC (INS AE) or INTERNAL AUTHENTICATE (INS 88), a primitive
    /// template 80 (format 1: CID, ATC, cryptogram, IAD / signed data) is redacted whole. The data of VERIFY (INS 20)
    /// and CHANGE REFERENCE DATA (INS 24) commands is a PIN block and is redacted whole.
    /// Fail-safe: from the first byte that does not parse as BER-TLV, the rest of the data is redacted.
    /// </remarks>
    public static class TlvRedactor
    {
        /// <summary>The byte every redacted value byte becomes.</summary>
        public const byte Filler = 0xFF;

        /// <summary>Redacts a BER-TLV sequence in place.</summary>
        public static void Redact(byte[] buffer, int offset, int count)
        {
            Walk(buffer, offset, offset + count, false);
        }

        /// <summary>
        /// Redacts a command APDU in place: the data of VERIFY and CHANGE REFERENCE DATA (a PIN block) is replaced;
        /// other command data (AIDs, terminal data for the PDOL/CDOL) is not card data and stays.
        /// </summary>
        public static void RedactCommand(byte[] command, int offset, int count)
        {
            if (count <= 5)
            {
                return;
            }

            int instruction = command[offset + 1];
            if (instruction == 0x20 || instruction == 0x24)
            {
                Fill(command, offset + 5, count - 5);
            }
        }

        /// <summary>
        /// Redacts a response APDU in place (the data before SW1 SW2), given the command it answers.
        /// </summary>
        public static void RedactResponse(byte[] command, int commandOffset, int commandCount, byte[] response, int offset, int count)
        {
            int dataLength = count - 2;
            if (dataLength <= 0)
            {
                return;
            }

            int instruction = command != null && commandCount >= 2 ? command[commandOffset + 1] : -1;
            bool template80IsSecret = instruction == 0xAE || instruction == 0x88;
            Walk(response, offset, offset + dataLength, template80IsSecret);
        }

        private static void Walk(byte[] buffer, int position, int end, bool template80IsSecret)
        {
            while (position < end)
            {
                int first = buffer[position];
                if (first == 0x00 || first == 0xFF)
                {
                    // Padding between data objects (EMV Book 3, Annex B1).
                    position++;
                    continue;
                }

                int tagStart = position;
                int tag = first;
                position++;
                if ((first & 0x1F) == 0x1F)
                {
                    // Subsequent tag bytes while b8 is set (ISO/IEC 8825-1, 8.1.2.4); EMV tags have at most 3 bytes.
                    int more;
                    int tagBytes = 1;
                    do
                    {
                        if (position >= end || tagBytes == 3)
                        {
                            Fill(buffer, tagStart, end - tagStart);
                            return;
                        }

                        more = buffer[position++];
                        tag = (tag << 8) | more;
                        tagBytes++;
                    }
                    while ((more & 0x80) != 0);
                }

                if (position >= end)
                {
                    Fill(buffer, tagStart, end - tagStart);
                    return;
                }

                int length = buffer[position++];
                if (length > 0x80)
                {
                    int lengthBytes = length & 0x7F;
                    if (lengthBytes > 2 || position + lengthBytes > end)
                    {
                        Fill(buffer, tagStart, end - tagStart);
                        return;
                    }

                    length = 0;
                    for (int index = 0; index < lengthBytes; index++)
                    {
                        length = (length << 8) | buffer[position++];
                    }
                }
                else if (length == 0x80)
                {
                    // Indefinite length is not used by EMV: treat as malformed.
                    Fill(buffer, tagStart, end - tagStart);
                    return;
                }

                if (position + length > end)
                {
                    Fill(buffer, position, end - position);
                    return;
                }

                bool constructed = (first & 0x20) != 0;
                if (EmvTags.IsSensitive(tag) || (tag == 0x80 && template80IsSecret))
                {
                    Fill(buffer, position, length);
                }
                else if (constructed)
                {
                    Walk(buffer, position, position + length, false);
                }

                position += length;
            }
        }

        private static void Fill(byte[] buffer, int offset, int count)
        {
            for (int index = offset; index < offset + count; index++)
            {
                buffer[index] = Filler;
            }
        }
    }
}
