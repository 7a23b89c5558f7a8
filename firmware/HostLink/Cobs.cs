using System;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999): removes every 0x00 from a frame so that 0x00 can
    /// delimit frames on the wire, at a cost of one byte per 254 bytes. A receiver that starts listening mid-frame
    /// or loses bytes to noise resynchronises at the next 0x00.
    /// </summary>
    public static class Cobs
    {
        // The longest run of non-zero bytes one code byte can announce (code 0xFF: 254 bytes, no zero implied).
        private const int MaximumRun = 254;

        // The value searched for, boxed once (Array.IndexOf takes an object; boxing per call would allocate).
        private static readonly object Zero = (byte)0;
        /// <summary>Encodes <paramref name="count"/> bytes; no delimiter is written.</summary>
        /// <returns>The encoded length, or -1 when <paramref name="output"/> is too small.</returns>
        /// <remarks>
        /// Block by block rather than byte by byte: the next 0x00 is found with <see cref="Array.IndexOf(Array, object, int, int)"/>
        /// and the bytes before it move with <see cref="Array.Copy(Array, int, Array, int, int)"/>, both native on
        /// nanoFramework; a C# loop per byte cost about 1,900 interpreter instructions a byte (a 300-byte record: 0.58 M).
        /// </remarks>
        public static int Encode(byte[] input, int offset, int count, byte[] output, int outputOffset, int outputCapacity)
        {
            int outputEnd = outputOffset + outputCapacity;
            int codeIndex = outputOffset;
            int write = outputOffset + 1;
            if (write > outputEnd)
            {
                return -1;
            }

            int read = offset;
            int end = offset + count;
            while (true)
            {
                // One block: up to 254 bytes that are not 0x00, closed by a 0x00 (implied by its code byte), by the
                // block's length limit (code 0xFF, nothing implied) or by the end of the input.
                int left = end - read;
                int span = left < MaximumRun ? left : MaximumRun;
                int zero = span > 0 ? Array.IndexOf(input, Zero, read, span) : -1;
                int run = zero >= 0 ? zero - read : span;
                if (write + run > outputEnd)
                {
                    return -1;
                }

                Array.Copy(input, read, output, write, run);
                write += run;
                read += run;
                if (zero < 0 && run < MaximumRun)
                {
                    // The end of the input.
                    output[codeIndex] = (byte)(run + 1);
                    return write - outputOffset;
                }

                // A 0x00 (skipped: the code byte stands for it) or a full block: the next block's code byte follows.
                output[codeIndex] = (byte)(zero >= 0 ? run + 1 : 0xFF);
                if (zero >= 0)
                {
                    read++;
                }

                codeIndex = write++;
                if (write > outputEnd)
                {
                    return -1;
                }
            }
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
