namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999): removes every 0x00 from a frame so that 0x00 can
    /// delimit frames on the wire, at a cost of one byte per 254 bytes. A receiver that starts listening mid-frame
    /// or loses bytes to noise resynchronises at the next 0x00.
    /// </summary>
    public static class Cobs
    {
        /// <summary>Encodes <paramref name="count"/> bytes; no delimiter is written.</summary>
        /// <returns>The encoded length, or -1 when <paramref name="output"/> is too small.</returns>
        public static int Encode(byte[] input, int offset, int count, byte[] output, int outputOffset, int outputCapacity)
        {
            int outputEnd = outputOffset + outputCapacity;
            int codeIndex = outputOffset;
            int write = outputOffset + 1;
            int code = 1;
            if (write > outputEnd)
            {
                return -1;
            }

            int end = offset + count;
            for (int read = offset; read < end; read++)
            {
                byte value = input[read];
                if (value == 0)
                {
                    output[codeIndex] = (byte)code;
                    codeIndex = write++;
                    code = 1;
                    if (write > outputEnd)
                    {
                        return -1;
                    }

                    continue;
                }

                if (write >= outputEnd)
                {
                    return -1;
                }

                output[write++] = value;
                code++;
                if (code == 0xFF)
                {
                    // A full block of 254 non-zero bytes: close it with code 0xFF (no implied zero) and open the next.
                    output[codeIndex] = (byte)code;
                    codeIndex = write++;
                    code = 1;
                    if (write > outputEnd)
                    {
                        return -1;
                    }
                }
            }

            output[codeIndex] = (byte)code;
            return write - outputOffset;
        }

        /// <summary>Decodes one encoded frame (without its delimiter).</summary>
        /// <returns>The decoded length, or -1 when the input is not valid COBS or the output is too small.</returns>
        public static int Decode(byte[] input, int offset, int count, byte[] output, int outputOffset, int outputCapacity)
        {
            int read = offset;
            int end = offset + count;
            int write = outputOffset;
            int outputEnd = outputOffset + outputCapacity;
            while (read < end)
            {
                int code = input[read++];
                if (code == 0)
                {
                    return -1;
                }

                for (int index = 1; index < code; index++)
                {
                    if (read >= end || write >= outputEnd)
                    {
                        return -1;
                    }

                    byte value = input[read++];
                    if (value == 0)
                    {
                        return -1;
                    }

                    output[write++] = value;
                }

                if (code != 0xFF && read < end)
                {
                    if (write >= outputEnd)
                    {
                        return -1;
                    }

                    output[write++] = 0;
                }
            }

            return write - outputOffset;
        }
    }
}
