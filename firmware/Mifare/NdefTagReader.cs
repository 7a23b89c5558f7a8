using System;

namespace DualReader.Firmware.Mifare
{
    /// <summary>
    /// Reads the NDEF message of a Type 2 tag (NFC Forum Type 2 Tag Operation 1.1, "NDEF detection procedure" 6.4.1 and
    /// "NDEF read procedure" 6.4.2): the capability container in page 3 (magic E1h, mapping version 1.x, data area
    /// size = CC byte 2 x 8, read access 0h), then the TLVs of the data area from page 4, with only as many READs (16
    /// bytes each) as the NDEF Message TLV needs, and the message parsed into an <see cref="NdefMessage"/>. No key,
    /// no authentication. The buffers are allocated once; a read allocates nothing.
    /// </summary>
    public sealed class NdefTagReader
    {
        /// <summary>Largest data area read (bytes); the CC may announce up to 2040, NTAG216 has 888 (CC 6Dh).</summary>
        public const int MaximumDataAreaBytes = 1024;

        /// <summary>The NDEF magic number in CC byte 0 (T2TOP 6.1).</summary>
        public const byte NdefMagic = 0xE1;

        // Page 3 is the capability container; the data area starts at page 4 (T2TOP 2.1, 6.1).
        private const int CapabilityPage = 3;
        private const int FirstDataPage = 4;

        private readonly Type2Tag tag;
        private readonly byte[] page = new byte[Type2Tag.ReadLength];
        private readonly byte[] area = new byte[MaximumDataAreaBytes + Type2Tag.ReadLength];

        /// <summary>A reader that uses <paramref name="tag"/>'s READ.</summary>
        public NdefTagReader(Type2Tag tag)
        {
            if (tag == null)
            {
                throw new ArgumentNullException("tag");
            }

            this.tag = tag;
        }

        /// <summary>The result of the last READ (what failed when <see cref="Read"/> says <see cref="NdefStatus.ReadFailed"/>).</summary>
        public MifareResult LastResult { get; private set; }

        /// <summary>The data area size the capability container announced (bytes; 0 before a read).</summary>
        public int DataAreaBytes { get; private set; }

        /// <summary>READ commands the last <see cref="Read"/> sent.</summary>
        public int ReadCount { get; private set; }

        /// <summary>Reads and parses the tag's NDEF message into <paramref name="message"/>.</summary>
        public NdefStatus Read(NdefMessage message)
        {
            if (message == null)
            {
                throw new ArgumentNullException("message");
            }

            message.Clear();
            DataAreaBytes = 0;
            ReadCount = 0;

            // One READ of page 3 gives the CC and the first 12 bytes of the data area (pages 4..6).
            LastResult = tag.ReadPages(CapabilityPage, page, 0);
            ReadCount++;
            if (LastResult != MifareResult.Ok)
            {
                return NdefStatus.ReadFailed;
            }

            if (page[0] != NdefMagic)
            {
                return NdefStatus.NotFormatted;
            }

            if ((page[1] >> 4) != 1)
            {
                // Major version 1 (T2TOP 6.1: a reader handles its own major version only).
                return NdefStatus.UnsupportedVersion;
            }

            if ((page[3] >> 4) != 0)
            {
                // Read access other than 0h: no read access granted (T2TOP 6.1).
                return NdefStatus.NotFormatted;
            }

            int size = page[2] * 8;
            if (size > MaximumDataAreaBytes)
            {
                size = MaximumDataAreaBytes;
            }

            DataAreaBytes = page[2] * 8;
            int available = Type2Tag.ReadLength - Type2Tag.PageSize;
            Array.Copy(page, Type2Tag.PageSize, area, 0, available);

            // Each round either finds the message or reads 16 more bytes of a bounded area: at most size / 16 + 1 READs.
            while (true)
            {
                int limit = available < size ? available : size;
                int valueOffset;
                int valueLength;
                NdefStatus found = NdefTlv.FindMessage(area, 0, limit, out valueOffset, out valueLength);
                if (found == NdefStatus.Ok)
                {
                    return message.Parse(area, valueOffset, valueLength);
                }

                if (found != NdefStatus.TlvTruncated || available >= size)
                {
                    if (found == NdefStatus.TlvTruncated && valueOffset > 0 && valueLength > MaximumDataAreaBytes)
                    {
                        return NdefStatus.TooLong;
                    }

                    return found;
                }

                int next = FirstDataPage + (available / Type2Tag.PageSize);
                if (next > 255)
                {
                    // READ addresses one byte of pages (NTAG21x 10.2): nothing beyond page FFh.
                    return NdefStatus.TlvTruncated;
                }

                LastResult = tag.ReadPages(next, area, available);
                ReadCount++;
                if (LastResult != MifareResult.Ok)
                {
                    return NdefStatus.ReadFailed;
                }

                available += Type2Tag.ReadLength;
            }
        }
    }
}
