using System;
using System.Text;

namespace DualReader.Firmware.Mifare
{
    /// <summary>What a record is, for the reader's <c>ndef</c> list.</summary>
    public enum NdefRecordKind : byte
    {
        /// <summary>Any record other than the two below: reported by its type name only.</summary>
        Other = 0,
        /// <summary>NFC Forum well-known type "U" (URI RTD 1.0).</summary>
        Uri = 1,
        /// <summary>NFC Forum well-known type "T" (Text RTD 1.0).</summary>
        Text = 2
    }

    /// <summary>
    /// A parsed NDEF message (NFC Forum NDEF 1.0, 3.2): the records with their TNF, type, ID and payload (chunked
    /// records joined into one), decoding URI records (with the URI RTD prefix table) and Text records (status byte,
    /// language code, UTF-8 or UTF-16). Parsing checks every length against the message and every rule it relies on;
    /// broken or hostile input returns an <see cref="NdefStatus"/>, never throws. The storage is allocated once;
    /// <see cref="Parse"/> does not allocate, only the string accessors do.
    /// </summary>
    public sealed class NdefMessage
    {
        /// <summary>Largest message parsed (bytes): NTAG216's whole user memory (888) fits.</summary>
        public const int MaximumMessageBytes = 1024;

        /// <summary>Most records kept.</summary>
        public const int MaximumRecords = 8;

        /// <summary>TNF values (NDEF 1.0 3.2.6).</summary>
        public const int TnfEmpty = 0;

        /// <summary>NFC Forum well-known type.</summary>
        public const int TnfWellKnown = 1;

        /// <summary>Media type (RFC 2046).</summary>
        public const int TnfMedia = 2;

        /// <summary>Absolute URI (RFC 3986).</summary>
        public const int TnfAbsoluteUri = 3;

        /// <summary>NFC Forum external type.</summary>
        public const int TnfExternal = 4;

        /// <summary>Unknown.</summary>
        public const int TnfUnknown = 5;

        /// <summary>Unchanged (middle and last chunks).</summary>
        public const int TnfUnchanged = 6;

        // Header flags (NDEF 1.0 3.2.1..3.2.5).
        private const int MessageBegin = 0x80;
        private const int MessageEnd = 0x40;
        private const int Chunk = 0x20;
        private const int ShortRecord = 0x10;
        private const int IdPresent = 0x08;

        // URI identifier codes (NFC Forum URI RTD 1.0, 3.2.2, table 3); 24h..FFh are reserved.
        private static readonly string[] UriPrefixes = new string[]
        {
            "", "http://www.", "https://www.", "http://", "https://", "tel:", "mailto:", "ftp://anonymous:anonymous@",
            "ftp://ftp.", "ftps://", "sftp://", "smb://", "nfs://", "ftp://", "dav://", "news:", "telnet://", "imap:",
            "rtsp://", "urn:", "pop:", "sip:", "sips:", "tftp:", "btspp://", "btl2cap://", "btgoep://", "tcpobex://",
            "irdaobex://", "file://", "urn:epc:id:", "urn:epc:tag:", "urn:epc:pat:", "urn:epc:raw:", "urn:epc:", "urn:nfc:"
        };

        private readonly byte[] storage = new byte[MaximumMessageBytes];
        private readonly byte[] tnf = new byte[MaximumRecords];
        private readonly int[] typeOffset = new int[MaximumRecords];
        private readonly int[] typeLength = new int[MaximumRecords];
        private readonly int[] idOffset = new int[MaximumRecords];
        private readonly int[] idLength = new int[MaximumRecords];
        private readonly int[] payloadOffset = new int[MaximumRecords];
        private readonly int[] payloadLength = new int[MaximumRecords];
        private readonly byte[] kind = new byte[MaximumRecords];
        private int count;
        private int used;

        /// <summary>Records parsed (0 after a failed <see cref="Parse"/>).</summary>
        public int Count
        {
            get { return count; }
        }

        /// <summary>The number of the URI identifier codes defined by the URI RTD (00h..23h).</summary>
        public static int UriPrefixCount
        {
            get { return UriPrefixes.Length; }
        }

        /// <summary>The URI prefix of identifier code <paramref name="code"/>; "" for 00h and the reserved codes.</summary>
        public static string UriPrefix(int code)
        {
            return code >= 0 && code < UriPrefixes.Length ? UriPrefixes[code] : string.Empty;
        }

        /// <summary>Forgets every record.</summary>
        public void Clear()
        {
            count = 0;
            used = 0;
        }

        /// <summary>
        /// Parses the <paramref name="length"/> bytes of an NDEF message (the value of an NDEF Message TLV). On
        /// anything but <see cref="NdefStatus.Ok"/> the message holds no records.
        /// </summary>
        public NdefStatus Parse(byte[] data, int offset, int length)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || length < 0 || offset + length > data.Length)
            {
                throw new ArgumentOutOfRangeException("length");
            }

            Clear();
            if (length == 0)
            {
                return NdefStatus.EmptyMessage;
            }

            if (length > MaximumMessageBytes)
            {
                return NdefStatus.TooLong;
            }

            NdefStatus status = ParseRecords(data, offset, length);
            if (status != NdefStatus.Ok)
            {
                Clear();
            }

            return status;
        }

        /// <summary>The TNF of record <paramref name="index"/> (of the first chunk for a chunked record).</summary>
        public int TypeNameFormat(int index)
        {
            CheckIndex(index);
            return tnf[index];
        }

        /// <summary>URI, Text or other.</summary>
        public NdefRecordKind Kind(int index)
        {
            CheckIndex(index);
            return (NdefRecordKind)kind[index];
        }

        /// <summary>Payload length of record <paramref name="index"/> (all chunks).</summary>
        public int PayloadLength(int index)
        {
            CheckIndex(index);
            return payloadLength[index];
        }

        /// <summary>Copies record <paramref name="index"/>'s payload; returns its length.</summary>
        public int CopyPayload(int index, byte[] destination, int destinationOffset)
        {
            CheckIndex(index);
            Array.Copy(storage, payloadOffset[index], destination, destinationOffset, payloadLength[index]);
            return payloadLength[index];
        }

        /// <summary>
        /// The record's type as text: "U", "T" and the other well-known types, a media type ("text/vcard"), an absolute
        /// URI or an external type ("example.com:transit") as stored (printable ASCII, checked by <see cref="Parse"/>);
        /// "" for TNF empty and unknown.
        /// </summary>
        public string TypeName(int index)
        {
            CheckIndex(index);
            return Ascii(typeOffset[index], typeLength[index]);
        }

        /// <summary>The record's ID as text ("" when it has none).</summary>
        public string Id(int index)
        {
            CheckIndex(index);
            return Encoding.UTF8.GetString(storage, idOffset[index], idLength[index]);
        }

        /// <summary>
        /// The record's value for the reader's <c>ndef</c> list: a URI record's full URI (prefix expanded), a Text
        /// record's text; "" for other records (they are reported by <see cref="TypeName"/>).
        /// </summary>
        public string Value(int index)
        {
            CheckIndex(index);
            int start = payloadOffset[index];
            int length = payloadLength[index];
            switch ((NdefRecordKind)kind[index])
            {
                case NdefRecordKind.Uri:
                    return UriPrefix(storage[start]) + Encoding.UTF8.GetString(storage, start + 1, length - 1);
                case NdefRecordKind.Text:
                    int languageLength = storage[start] & 0x3F;
                    int textStart = start + 1 + languageLength;
                    int textLength = length - 1 - languageLength;
                    return (storage[start] & 0x80) != 0 ? Utf16(textStart, textLength) : Encoding.UTF8.GetString(storage, textStart, textLength);
                default:
                    return string.Empty;
            }
        }

        /// <summary>A Text record's IANA language code ("en"); "" for other records.</summary>
        public string Language(int index)
        {
            CheckIndex(index);
            if (kind[index] != (byte)NdefRecordKind.Text)
            {
                return string.Empty;
            }

            return Ascii(payloadOffset[index] + 1, storage[payloadOffset[index]] & 0x3F);
        }

        private NdefStatus ParseRecords(byte[] data, int offset, int length)
        {
            int end = offset + length;
            int position = offset;
            bool inChunk = false;
            bool ended = false;
            bool first = true;

            // Every record takes at least 3 bytes (header, type length, short payload length): bounded by length.
            while (position < end)
            {
                if (ended)
                {
                    // Bytes after the record with ME (NDEF 1.0 3.2.2: ME marks the last record of the message).
                    return NdefStatus.MessageMalformed;
                }

                int header = data[position++];
                int format = header & 0x07;
                if (position >= end)
                {
                    return NdefStatus.RecordTruncated;
                }

                int typeBytes = data[position++];
                long payloadBytes;
                if ((header & ShortRecord) != 0)
                {
                    if (position >= end)
                    {
                        return NdefStatus.RecordTruncated;
                    }

                    payloadBytes = data[position++];
                }
                else
                {
                    if (position + 4 > end)
                    {
                        return NdefStatus.RecordTruncated;
                    }

                    payloadBytes = ((long)data[position] << 24) | ((long)data[position + 1] << 16) | ((long)data[position + 2] << 8) | data[position + 3];
                    position += 4;
                }

                int idBytes = 0;
                if ((header & IdPresent) != 0)
                {
                    if (position >= end)
                    {
                        return NdefStatus.RecordTruncated;
                    }

                    idBytes = data[position++];
                }

                // Lengths against what is left; the 32-bit payload length is compared as a long (no overflow).
                if (typeBytes + idBytes > end - position || payloadBytes > end - position - typeBytes - idBytes)
                {
                    return NdefStatus.RecordTruncated;
                }

                bool begin = (header & MessageBegin) != 0;
                if (begin != first)
                {
                    // MB on the first record only (NDEF 1.0 3.2.1).
                    return NdefStatus.MessageMalformed;
                }

                int typeStart = position;
                int idStart = typeStart + typeBytes;
                int payloadStart = idStart + idBytes;
                position = payloadStart + (int)payloadBytes;
                first = false;
                ended = (header & MessageEnd) != 0;

                if (inChunk)
                {
                    // Middle or last chunk: TNF unchanged, no type, no ID (NDEF 1.0 2.3.3, 3.2.6).
                    if (format != TnfUnchanged || typeBytes != 0 || idBytes != 0)
                    {
                        return NdefStatus.MessageMalformed;
                    }

                    if (!Append(data, payloadStart, (int)payloadBytes))
                    {
                        return NdefStatus.TooLong;
                    }

                    payloadLength[count - 1] += (int)payloadBytes;
                    inChunk = (header & Chunk) != 0;
                    if (!inChunk)
                    {
                        NdefStatus finished = Classify(count - 1);
                        if (finished != NdefStatus.Ok)
                        {
                            return finished;
                        }
                    }
                    else if (ended)
                    {
                        // ME on a chunk that announces more (NDEF 1.0 2.3.3: the last chunk clears CF).
                        return NdefStatus.MessageMalformed;
                    }

                    continue;
                }

                if (format == TnfUnchanged || format == 7)
                {
                    // Unchanged outside a chunk, or the reserved TNF 7.
                    return NdefStatus.MessageMalformed;
                }

                if ((format == TnfEmpty && (typeBytes != 0 || idBytes != 0 || payloadBytes != 0))
                    || (format == TnfUnknown && typeBytes != 0)
                    || ((format == TnfWellKnown || format == TnfMedia || format == TnfAbsoluteUri || format == TnfExternal) && typeBytes == 0))
                {
                    // NDEF 1.0 3.2.6: TNF 0 carries nothing, TNF 5 no type, TNF 1..4 a type.
                    return NdefStatus.MessageMalformed;
                }

                if (count >= MaximumRecords)
                {
                    return NdefStatus.TooManyRecords;
                }

                for (int i = 0; i < typeBytes; i++)
                {
                    byte c = data[typeStart + i];
                    if (c < 0x20 || c > 0x7E)
                    {
                        // Record types are printable US-ASCII (NFC Forum RTD 1.0 2.2; RFC 2046; RFC 3986).
                        return NdefStatus.MessageMalformed;
                    }
                }

                int index = count;
                tnf[index] = (byte)format;
                typeOffset[index] = used;
                typeLength[index] = typeBytes;
                idOffset[index] = used + typeBytes;
                idLength[index] = idBytes;
                if (!Append(data, typeStart, typeBytes + idBytes))
                {
                    return NdefStatus.TooLong;
                }

                payloadOffset[index] = used;
                payloadLength[index] = 0;
                if (!Append(data, payloadStart, (int)payloadBytes))
                {
                    return NdefStatus.TooLong;
                }

                payloadLength[index] = (int)payloadBytes;
                count++;
                inChunk = (header & Chunk) != 0;
                if (inChunk && ended)
                {
                    return NdefStatus.MessageMalformed;
                }

                if (!inChunk)
                {
                    NdefStatus classified = Classify(index);
                    if (classified != NdefStatus.Ok)
                    {
                        return classified;
                    }
                }
            }

            if (!ended)
            {
                // The message ran out before the record with ME (or inside a chunked record).
                return inChunk ? NdefStatus.RecordTruncated : NdefStatus.MessageMalformed;
            }

            return NdefStatus.Ok;
        }

        // Recognises URI and Text records and checks their payloads, so that Value() cannot fail later.
        private NdefStatus Classify(int index)
        {
            kind[index] = (byte)NdefRecordKind.Other;
            if (tnf[index] != TnfWellKnown || typeLength[index] != 1)
            {
                return NdefStatus.Ok;
            }

            byte type = storage[typeOffset[index]];
            int start = payloadOffset[index];
            int length = payloadLength[index];
            if (type == (byte)'U')
            {
                // URI RTD 3.2: identifier code, then the rest of the URI in UTF-8.
                if (length < 1 || !IsUtf8(start + 1, length - 1))
                {
                    return NdefStatus.PayloadMalformed;
                }

                kind[index] = (byte)NdefRecordKind.Uri;
                return NdefStatus.Ok;
            }

            if (type == (byte)'T')
            {
                // Text RTD 3.2.1: status byte (bit 7 UTF-16, bit 6 reserved 0, bits 5..0 language code length), the
                // language code (US-ASCII), then the text.
                if (length < 1)
                {
                    return NdefStatus.PayloadMalformed;
                }

                int status = storage[start];
                int languageLength = status & 0x3F;
                int textLength = length - 1 - languageLength;
                if ((status & 0x40) != 0 || textLength < 0)
                {
                    return NdefStatus.PayloadMalformed;
                }

                for (int i = 0; i < languageLength; i++)
                {
                    byte c = storage[start + 1 + i];
                    if (c < 0x20 || c > 0x7E)
                    {
                        return NdefStatus.PayloadMalformed;
                    }
                }

                bool utf16 = (status & 0x80) != 0;
                if (utf16 ? (textLength % 2) != 0 : !IsUtf8(start + 1 + languageLength, textLength))
                {
                    return NdefStatus.PayloadMalformed;
                }

                kind[index] = (byte)NdefRecordKind.Text;
            }

            return NdefStatus.Ok;
        }

        private bool Append(byte[] data, int start, int length)
        {
            if (length > storage.Length - used)
            {
                return false;
            }

            Array.Copy(data, start, storage, used, length);
            used += length;
            return true;
        }

        // Well-formed UTF-8 (RFC 3629 4): no overlong forms, no surrogates, nothing above U+10FFFF.
        private bool IsUtf8(int start, int length)
        {
            int end = start + length;
            int i = start;
            while (i < end)
            {
                int b = storage[i];
                int extra;
                int minimum;
                if (b < 0x80)
                {
                    i++;
                    continue;
                }

                if (b >= 0xC2 && b <= 0xDF)
                {
                    extra = 1;
                    minimum = 0x80;
                }
                else if (b >= 0xE0 && b <= 0xEF)
                {
                    extra = 2;
                    minimum = 0x800;
                }
                else if (b >= 0xF0 && b <= 0xF4)
                {
                    extra = 3;
                    minimum = 0x10000;
                }
                else
                {
                    return false;
                }

                if (i + extra >= end)
                {
                    return false;
                }

                int value = b & (0x3F >> extra);
                for (int k = 1; k <= extra; k++)
                {
                    int c = storage[i + k];
                    if ((c & 0xC0) != 0x80)
                    {
                        return false;
                    }

                    value = (value << 6) | (c & 0x3F);
                }

                if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
                {
                    return false;
                }

                i += extra + 1;
            }

            return true;
        }

        private string Ascii(int start, int length)
        {
            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)storage[start + i];
            }

            return new string(chars);
        }

        // UTF-16 text of a Text record: big-endian unless a byte order mark says otherwise (Text RTD 3.4).
        private string Utf16(int start, int length)
        {
            bool littleEndian = false;
            if (length >= 2 && storage[start] == 0xFF && storage[start + 1] == 0xFE)
            {
                littleEndian = true;
                start += 2;
                length -= 2;
            }
            else if (length >= 2 && storage[start] == 0xFE && storage[start + 1] == 0xFF)
            {
                start += 2;
                length -= 2;
            }

            char[] chars = new char[length / 2];
            for (int i = 0; i < chars.Length; i++)
            {
                int a = storage[start + (2 * i)];
                int b = storage[start + (2 * i) + 1];
                chars[i] = (char)(littleEndian ? (b << 8) | a : (a << 8) | b);
            }

            return new string(chars);
        }

        private void CheckIndex(int index)
        {
            if (index < 0 || index >= count)
            {
                throw new ArgumentOutOfRangeException("index");
            }
        }
    }
}
