using System;
using System.Collections;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Tlv;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// Searches a raw UART byte stream for the secrets cards sent: the values of 5A (PAN), 57 (track 2 equivalent
    /// data), 9F6B (track 2 data), 56 (track 1 equivalent data), 9F26 (application cryptogram), 9F10 (issuer
    /// application data) and 9F4B (signed dynamic application data) found with the firmware's BER-TLV parser in the
    /// response APDUs, and the PAN digits as ASCII text. Binary values are searched by every 4-byte window; text
    /// (tag 56 and the PAN digits) by every 8-character window, because the masking rule itself publishes the first 6
    /// and last 4 PAN digits. The stream is searched as sent and after COBS decoding of every frame.
    /// </summary>
    /// <remarks>
    /// Two kinds of windows are no evidence and are counted as skipped, not searched: a window of fewer than three
    /// distinct byte values (00 or FF padding, "0000" digits, "01 00 00 00", which is also sequence number 1 in a
    /// record header) or a binary window ending in two zero bytes ("0A 01 00 00" is also a small time or length
    /// in a record), and a window that the same cards also sent outside any secret value, or the
    /// reader sent in a command (the AID A0000000..., terminal data): those bytes may be on the wire legitimately
    /// (the redacted APDU trace keeps everything but the secret values).
    /// </remarks>
    public sealed class UartLeakSearch
    {
        /// <summary>Window of binary secrets (bytes).</summary>
        public const int BinaryWindow = 4;

        /// <summary>Window of text secrets (characters).</summary>
        public const int TextWindow = 8;

        private readonly ArrayList secrets = new ArrayList();
        private readonly ArrayList names = new ArrayList();
        private readonly ArrayList windowSizes = new ArrayList();
        private readonly Hashtable publicWindows = new Hashtable();
        private readonly Hashtable secretWindows = new Hashtable();
        private readonly byte[] frame = new byte[HostLinkProtocol.MaximumWireLength];
        private readonly byte[] decoded = new byte[HostLinkProtocol.MaximumWireLength];

        /// <summary>Distinct secrets gathered.</summary>
        public int SecretCount
        {
            get { return secrets.Count; }
        }

        /// <summary>Distinct secret windows searched for.</summary>
        public int WindowCount
        {
            get { return secretWindows.Count; }
        }

        /// <summary>Secret windows left out (uniform, or also sent as non-secret data).</summary>
        public int SkippedWindows { get; private set; }

        /// <summary>Of <see cref="SkippedWindows"/>, those also sent as non-secret data.</summary>
        public int SkippedPublicWindows { get; private set; }

        /// <summary>Bytes searched by the last <see cref="Search"/>: the raw stream plus the decoded frames.</summary>
        public long BytesSearched { get; private set; }

        /// <summary>COBS frames decoded and searched by the last <see cref="Search"/>.</summary>
        public int FramesSearched { get; private set; }

        /// <summary>The tags whose values are secrets.</summary>
        public static bool IsSecretTag(int tag)
        {
            return tag == 0x5A || tag == 0x57 || tag == 0x9F6B || tag == 0x56 || tag == 0x9F26 || tag == 0x9F10 || tag == 0x9F4B;
        }

        /// <summary>
        /// Takes the secrets out of a response APDU (the data before SW1 SW2, walked as BER-TLV) and remembers the
        /// rest of its bytes as public. Returns the number of secret values found.
        /// </summary>
        public int AddResponse(byte[] response)
        {
            int dataLength = response.Length >= 2 ? response.Length - 2 : 0;
            bool[] secret = new bool[response.Length];
            int found = Walk(response, 0, dataLength, 0, secret);
            AddPublic(response, secret);
            return found;
        }

        /// <summary>Remembers a command APDU the reader sent as public (terminal data, AIDs).</summary>
        public void AddCommand(byte[] command)
        {
            AddPublic(command, new bool[command.Length]);
        }

        /// <summary>Adds a secret by hand (the self-test, or data not in TLV); <paramref name="window"/> 4 or 8.</summary>
        public void AddSecret(string name, byte[] value, int window)
        {
            for (int index = 0; index < secrets.Count; index++)
            {
                if ((int)windowSizes[index] == window && Same((byte[])secrets[index], value))
                {
                    return;
                }
            }

            secrets.Add(value);
            names.Add(name);
            windowSizes.Add(window);
        }

        /// <summary>Builds the window set; call after the last <see cref="AddResponse"/>.</summary>
        public void Prepare()
        {
            secretWindows.Clear();
            SkippedWindows = 0;
            SkippedPublicWindows = 0;
            for (int index = 0; index < secrets.Count; index++)
            {
                byte[] value = (byte[])secrets[index];
                int window = (int)windowSizes[index];
                for (int start = 0; start + window <= value.Length; start++)
                {
                    object key = Key(value, start, window);
                    if (LowEntropy(value, start, window))
                    {
                        SkippedWindows++;
                        continue;
                    }

                    if (publicWindows.Contains(key))
                    {
                        SkippedWindows++;
                        SkippedPublicWindows++;
                        continue;
                    }

                    if (!secretWindows.Contains(key))
                    {
                        secretWindows[key] = (string)names[index] + " bytes " + start + ".." + (start + window - 1);
                    }
                }
            }
        }

        /// <summary>
        /// Searches <paramref name="stream"/> as sent and frame by frame after COBS decoding; every window found is
        /// added to <paramref name="hits"/> as text. Returns the number of hits.
        /// </summary>
        public int Search(byte[] stream, int length, ArrayList hits)
        {
            BytesSearched = 0;
            FramesSearched = 0;
            int found = SearchIn(stream, 0, length, "raw stream", hits);
            int start = 0;
            for (int index = 0; index <= length; index++)
            {
                if (index < length && stream[index] != HostLinkProtocol.Delimiter)
                {
                    continue;
                }

                int count = index - start;
                if (count > 0 && count <= frame.Length)
                {
                    Array.Copy(stream, start, frame, 0, count);
                    int decodedLength = Cobs.Decode(frame, 0, count, decoded, 0, decoded.Length);
                    if (decodedLength > 0)
                    {
                        FramesSearched++;
                        found += SearchIn(decoded, 0, decodedLength, "frame at byte " + start + " decoded", hits);
                    }
                }

                start = index + 1;
            }

            return found;
        }

        private int SearchIn(byte[] buffer, int offset, int count, string where, ArrayList hits)
        {
            BytesSearched += count;
            int found = 0;
            for (int start = offset; start + BinaryWindow <= offset + count; start++)
            {
                object key = Key(buffer, start, BinaryWindow);
                if (secretWindows.Contains(key))
                {
                    found++;
                    hits.Add(where + " offset " + (start - offset) + ": " + (string)secretWindows[key]);
                }

                if (start + TextWindow <= offset + count)
                {
                    key = Key(buffer, start, TextWindow);
                    if (secretWindows.Contains(key))
                    {
                        found++;
                        hits.Add(where + " offset " + (start - offset) + ": " + (string)secretWindows[key]);
                    }
                }
            }

            return found;
        }

        private int Walk(byte[] data, int offset, int limit, int depth, bool[] secret)
        {
            int found = 0;
            int position = offset;
            TlvElement element;
            // Stops at the first byte that does not parse: whatever follows is no TLV the reader would read either.
            while (depth < BerTlv.MaximumDepth && BerTlv.TryReadElement(data, position, limit, out element))
            {
                if (IsSecretTag(element.Tag) && element.ValueLength > 0)
                {
                    byte[] value = new byte[element.ValueLength];
                    Array.Copy(data, element.ValueOffset, value, 0, value.Length);
                    for (int index = element.ValueOffset; index < element.End; index++)
                    {
                        secret[index] = true;
                    }

                    string name = "tag " + element.Tag.ToString("X") + " value";
                    AddSecret(name, value, element.Tag == 0x56 ? TextWindow : BinaryWindow);
                    string digits = element.Tag == 0x56 ? TrackOnePan(value) : BcdPan(value);
                    if (digits != null)
                    {
                        AddSecret("PAN digits of tag " + element.Tag.ToString("X") + " as text", Ascii(digits), TextWindow);
                    }

                    found++;
                }
                else if (element.IsConstructed)
                {
                    found += Walk(data, element.ValueOffset, element.End, depth + 1, secret);
                }

                position = element.End;
            }

            return found;
        }

        private void AddPublic(byte[] data, bool[] secret)
        {
            AddPublicWindows(data, secret, BinaryWindow);
            AddPublicWindows(data, secret, TextWindow);
        }

        private void AddPublicWindows(byte[] data, bool[] secret, int window)
        {
            int clean = 0;
            for (int index = 0; index < data.Length; index++)
            {
                clean = secret[index] ? 0 : clean + 1;
                if (clean >= window)
                {
                    publicWindows[Key(data, index - window + 1, window)] = true;
                }
            }
        }

        /// <summary>The PAN of BCD data (5A, or 57/9F6B up to the D separator): its digits, or null below 12.</summary>
        private static string BcdPan(byte[] value)
        {
            string digits = string.Empty;
            for (int nibble = 0; nibble < value.Length * 2; nibble++)
            {
                int digit = (nibble & 1) == 0 ? value[nibble / 2] >> 4 : value[nibble / 2] & 0x0F;
                if (digit > 9)
                {
                    break;
                }

                digits += (char)('0' + digit);
            }

            return digits.Length >= PanMasking.MinimumDigits ? digits : null;
        }

        /// <summary>The PAN of track 1 data (format code B, PAN, '^', ...; ISO/IEC 7813), or null.</summary>
        private static string TrackOnePan(byte[] value)
        {
            string digits = string.Empty;
            for (int index = 1; index < value.Length && value[index] >= (byte)'0' && value[index] <= (byte)'9'; index++)
            {
                digits += (char)value[index];
            }

            return digits.Length >= PanMasking.MinimumDigits ? digits : null;
        }

        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int index = 0; index < text.Length; index++)
            {
                bytes[index] = (byte)text[index];
            }

            return bytes;
        }

        private static object Key(byte[] data, int start, int window)
        {
            if (window == BinaryWindow)
            {
                return (data[start] << 24) | (data[start + 1] << 16) | (data[start + 2] << 8) | data[start + 3];
            }

            long key = 0;
            for (int index = 0; index < window; index++)
            {
                key = (key << 8) | data[start + index];
            }

            return key;
        }

        /// <summary>
        /// True when the window holds fewer than three distinct byte values ("00 00 00 10", "FF FF", "00000000"): such
        /// a window is as likely a little-endian sequence number, a length or padding as card data, so finding it
        /// proves nothing (every other window of the same secret is still searched).
        /// </summary>
        private static bool LowEntropy(byte[] data, int start, int window)
        {
            // A binary window ending in two zero bytes reads as a small little-endian number (a time, a length, a
            // sequence number), which every record carries: no evidence of the secret around it.
            if (window == BinaryWindow && data[start + 2] == 0 && data[start + 3] == 0)
            {
                return true;
            }

            int first = data[start];
            int second = -1;
            for (int index = 1; index < window; index++)
            {
                int value = data[start + index];
                if (value == first || value == second)
                {
                    continue;
                }

                if (second >= 0)
                {
                    return false;
                }

                second = value;
            }

            return true;
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int index = 0; index < a.Length; index++)
            {
                if (a[index] != b[index])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
