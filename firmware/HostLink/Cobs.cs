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
        /// Run by run rather than byte by byte: the next 0x00 is found with
        /// <see cref="Array.IndexOf(Array, object, int, int)"/> and the bytes before it move with
        /// <see cref="Array.Copy(Array, int, Array, int, int)"/>, both native on nanoFramework. The former C# loop cost
        /// about 1,900 interpreter instructions a byte; now a run costs about 2,000 whatever its length.
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
                // The next 0x00 (or the end) in one native search; the bytes before it go out in blocks of at most 254
                // (code 0xFF: nothing implied), the last block's code byte standing for the 0x00 itself.
                // Runs of 0 or 1 byte (a record's zero high bytes) are seen without the native call, which costs more.
                int zero;
                if (read < end && input[read] == 0)
                {
                    zero = read;
                }
                else if (read + 1 < end && input[read + 1] == 0)
                {
                    zero = read + 1;
                }
                else
                {
                    zero = Array.IndexOf(input, Zero, read, end - read);
                }

                int stop = zero < 0 ? end : zero;
                while (stop - read >= MaximumRun)
                {
                    if (write + MaximumRun > outputEnd)
                    {
                        return -1;
                    }

                    Array.Copy(input, read, output, write, MaximumRun);
                    write += MaximumRun;
                    read += MaximumRun;
                    output[codeIndex] = 0xFF;
                    codeIndex = write++;
                    if (write > outputEnd)
                    {
                        return -1;
                    }
                }

                int run = stop - read;
                if (write + run > outputEnd)
                {
                    return -1;
                }

                if (run == 1)
                {
                    output[write] = input[read];
                }
                else if (run > 1)
                {
                    Array.Copy(input, read, output, write, run);
                }

                write += run;
                output[codeIndex] = (byte)(run + 1);
                if (zero < 0)
                {
                    return write - outputOffset;
                }

                read = stop + 1;
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
