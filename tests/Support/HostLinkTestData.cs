using System;
using System.Collections;
using DualReader.Firmware.HostLink;

namespace DualReader.Tests.Support
{
    /// <summary>Helpers shared by the host-link tests.</summary>
    public static class HostLinkTestData
    {
        public static byte[] Hex(string hex)
        {
            string compact = "";
            for (int index = 0; index < hex.Length; index++)
            {
                if (hex[index] != ' ')
                {
                    compact += hex[index];
                }
            }

            byte[] bytes = new byte[compact.Length / 2];
            for (int index = 0; index < bytes.Length; index++)
            {
                bytes[index] = (byte)((Digit(compact[2 * index]) << 4) | Digit(compact[2 * index + 1]));
            }

            return bytes;
        }

        private static int Digit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return c - 'A' + 10;
        }

        public static byte[] Slice(byte[] buffer, int offset, int count)
        {
            byte[] slice = new byte[count];
            Array.Copy(buffer, offset, slice, 0, count);
            return slice;
        }

        public static byte[] Encode(HostLinkMessage message, uint sequence)
        {
            FrameEncoder encoder = new FrameEncoder();
            byte[] output = new byte[HostLinkProtocol.MaximumWireLength];
            int length;
            EncodeStatus status = encoder.Encode(message, sequence, output, 0, output.Length, out length);
            if (status != EncodeStatus.Ok)
            {
                throw new InvalidOperationException("encode failed: " + (int)status);
            }

            return Slice(output, 0, length);
        }

        /// <summary>Feeds the stream to a decoder in chunks of <paramref name="chunk"/> bytes; returns every event:
        /// DecodeStatus values boxed, and the decoded messages for frames.</summary>
        public static ArrayList DecodeAll(byte[] stream, int chunk)
        {
            FrameDecoder decoder = new FrameDecoder();
            ArrayList events = new ArrayList();
            int position = 0;
            while (position < stream.Length)
            {
                int size = Math.Min(chunk, stream.Length - position);
                int used = 0;
                while (used < size)
                {
                    int consumed;
                    DecodeStatus status = decoder.Push(stream, position + used, size - used, out consumed);
                    used += consumed;
                    if (status == DecodeStatus.Frame)
                    {
                        events.Add(MessageDecoder.Decode(decoder));
                    }
                    else if (status != DecodeStatus.NeedMoreData)
                    {
                        events.Add(status);
                    }
                }

                position += size;
            }

            DecodeStatus last = decoder.Finish();
            if (last != DecodeStatus.NeedMoreData)
            {
                events.Add(last);
            }

            return events;
        }

        public static byte[] Concat(byte[] first, byte[] second)
        {
            byte[] joined = new byte[first.Length + second.Length];
            Array.Copy(first, 0, joined, 0, first.Length);
            Array.Copy(second, 0, joined, first.Length, second.Length);
            return joined;
        }

        public static bool ContainsSequence(byte[] haystack, int length, byte[] needle)
        {
            for (int start = 0; start + needle.Length <= length; start++)
            {
                int matched = 0;
                while (matched < needle.Length && haystack[start + matched] == needle[matched])
                {
                    matched++;
                }

                if (matched == needle.Length)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
