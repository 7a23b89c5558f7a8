using DualReader.Firmware.Mifare;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Mifare
{
    /// <summary>The NDEF parser and the TLV walk on good, broken and hostile input: typed errors, never exceptions.</summary>
    [TestClass]
    public class NdefMessageTests
    {
        private static NdefStatus Parse(string hex, NdefMessage message)
        {
            byte[] data = NfcTestSupport.Bytes(hex);
            return message.Parse(data, 0, data.Length);
        }

        [TestMethod]
        public void UriTextAndOtherRecordsInOneMessage()
        {
            NdefMessage message = new NdefMessage();

            // URI "https://www.nfc.cn", Text "zh" "你好" (UTF-8), a media record "text/plain" with an ID, the last with ME.
            string hex = "91 01 07 55 02 6E 66 63 2E 63 6E"
                + " 11 01 09 54 02 7A 68 E4 BD A0 E5 A5 BD"
                + " 5A 0A 01 02 74 65 78 74 2F 70 6C 61 69 6E 69 64 41";
            EnumAssert.AreEqual(NdefStatus.Ok, Parse(hex, message));
            Assert.AreEqual(3, message.Count);
            Assert.AreEqual("https://www.nfc.cn", message.Value(0));
            EnumAssert.AreEqual(NdefRecordKind.Text, message.Kind(1));
            Assert.AreEqual("zh", message.Language(1));
            Assert.AreEqual("\u4F60\u597D", message.Value(1));
            EnumAssert.AreEqual(NdefRecordKind.Other, message.Kind(2));
            Assert.AreEqual(NdefMessage.TnfMedia, message.TypeNameFormat(2));
            Assert.AreEqual("text/plain", message.TypeName(2));
            Assert.AreEqual("id", message.Id(2));
            Assert.AreEqual(string.Empty, message.Value(2));
            Assert.AreEqual(1, message.PayloadLength(2));
        }

        [TestMethod]
        public void LongRecordAndChunksAreJoined()
        {
            NdefMessage message = new NdefMessage();

            // A long (4-byte length) URI record.
            EnumAssert.AreEqual(NdefStatus.Ok, Parse("C1 01 00 00 00 04 55 03 61 2E 62", message));
            Assert.AreEqual("http://a.b", message.Value(0));

            // A Text record in three chunks: "T" + status "en" + "ab", then "cd" (TNF 6), then "ef" (TNF 6, ME).
            string chunks = "B1 01 05 54 02 65 6E 61 62" + " 36 00 02 63 64" + " 56 00 02 65 66";
            EnumAssert.AreEqual(NdefStatus.Ok, Parse(chunks, message));
            Assert.AreEqual(1, message.Count);
            Assert.AreEqual("abcdef", message.Value(0));
            Assert.AreEqual(9, message.PayloadLength(0));

            // UTF-16 text with a byte order mark (little-endian).
            EnumAssert.AreEqual(NdefStatus.Ok, Parse("D1 01 07 54 80 FF FE 41 00 42 00", message));
            Assert.AreEqual("AB", message.Value(0));
        }

        [TestMethod]
        public void TruncatedAndOversizedLengthsAreTypedErrors()
        {
            NdefMessage message = new NdefMessage();
            EnumAssert.AreEqual(NdefStatus.RecordTruncated, Parse("D1 01 08 55 02 6E 66", message));
            EnumAssert.AreEqual(NdefStatus.RecordTruncated, Parse("D1", message));
            EnumAssert.AreEqual(NdefStatus.RecordTruncated, Parse("C1 01 00 00", message));

            // Payload length FFFFFFFFh (4 GiB) and a type length past the end: no overflow, no exception.
            EnumAssert.AreEqual(NdefStatus.RecordTruncated, Parse("C1 01 FF FF FF FF 55 00", message));
            EnumAssert.AreEqual(NdefStatus.RecordTruncated, Parse("D1 FF 00 55", message));
            EnumAssert.AreEqual(NdefStatus.RecordTruncated, Parse("D9 01 00 FF 55", message));
            Assert.AreEqual(0, message.Count);

            // A chunked record cut off before its last chunk.
            EnumAssert.AreEqual(NdefStatus.RecordTruncated, Parse("B1 01 01 54 00", message));

            // Empty message; message longer than the reader's buffer.
            EnumAssert.AreEqual(NdefStatus.EmptyMessage, message.Parse(new byte[4], 0, 0));
            EnumAssert.AreEqual(NdefStatus.TooLong, message.Parse(new byte[NdefMessage.MaximumMessageBytes + 1], 0, NdefMessage.MaximumMessageBytes + 1));
        }

        [TestMethod]
        public void RuleBreaksAreMalformedMessages()
        {
            NdefMessage message = new NdefMessage();
            EnumAssert.AreEqual(NdefStatus.MessageMalformed, Parse("11 01 01 55 00", message), "no MB on the first record");
            EnumAssert.AreEqual(NdefStatus.MessageMalformed, Parse("91 01 01 55 00", message), "no record with ME");
            EnumAssert.AreEqual(NdefStatus.MessageMalformed, Parse("D1 01 01 55 00 D1 01 01 55 00", message), "bytes after ME");
            EnumAssert.AreEqual(NdefStatus.MessageMalformed, Parse("D6 00 00", message), "TNF unchanged outside a chunk");
            EnumAssert.AreEqual(NdefStatus.MessageMalformed, Parse("D7 00 00", message), "reserved TNF 7");
            EnumAssert.AreEqual(NdefStatus.MessageMalformed, Parse("D0 01 00 55", message), "TNF empty with a type");
            EnumAssert.AreEqual(NdefStatus.MessageMalformed, Parse("D1 00 00", message), "well-known type without a type");
            EnumAssert.AreEqual(NdefStatus.MessageMalformed, Parse("D1 01 00 07", message), "type not printable ASCII");
            EnumAssert.AreEqual(NdefStatus.MessageMalformed, Parse("B1 01 01 54 00 31 01 01 54 00", message), "middle chunk with a type");
            EnumAssert.AreEqual(NdefStatus.MessageMalformed, Parse("F1 01 01 54 00", message), "ME on a chunk that announces more");
            Assert.AreEqual("message_malformed", NdefStatusNames.Name(NdefStatus.MessageMalformed));
        }

        [TestMethod]
        public void BadUriAndTextPayloadsAreMalformedPayloads()
        {
            NdefMessage message = new NdefMessage();
            EnumAssert.AreEqual(NdefStatus.PayloadMalformed, Parse("D1 01 00 55", message), "URI without identifier code");
            EnumAssert.AreEqual(NdefStatus.PayloadMalformed, Parse("D1 01 03 55 01 C3 28", message), "invalid UTF-8");
            EnumAssert.AreEqual(NdefStatus.PayloadMalformed, Parse("D1 01 03 55 01 C0 80", message), "overlong UTF-8");
            EnumAssert.AreEqual(NdefStatus.PayloadMalformed, Parse("D1 01 02 55 01 E4", message), "UTF-8 cut inside a character");
            EnumAssert.AreEqual(NdefStatus.PayloadMalformed, Parse("D1 01 02 54 05 65", message), "language longer than the payload");
            EnumAssert.AreEqual(NdefStatus.PayloadMalformed, Parse("D1 01 02 54 40 41", message), "reserved status bit");
            EnumAssert.AreEqual(NdefStatus.PayloadMalformed, Parse("D1 01 02 54 80 41", message), "odd UTF-16 length");

            // A reserved URI identifier code is no prefix (URI RTD 3.2.2: 24h..FFh reserved).
            EnumAssert.AreEqual(NdefStatus.Ok, Parse("D1 01 02 55 7F 41", message));
            Assert.AreEqual("A", message.Value(0));
            Assert.AreEqual(36, NdefMessage.UriPrefixCount);
            Assert.AreEqual("urn:nfc:", NdefMessage.UriPrefix(0x23));
            Assert.AreEqual("file://", NdefMessage.UriPrefix(0x1D));
        }

        [TestMethod]
        public void TooManyRecordsIsTyped()
        {
            NdefMessage message = new NdefMessage();
            string hex = "91 01 00 58";
            for (int i = 1; i < NdefMessage.MaximumRecords; i++)
            {
                hex += " 11 01 00 58";
            }

            hex += " 51 01 00 58";
            EnumAssert.AreEqual(NdefStatus.TooManyRecords, Parse(hex, message));
            Assert.AreEqual(0, message.Count);
        }

        [TestMethod]
        public void TlvWalkSkipsOtherTlvsAndStopsAtBounds()
        {
            int offset;
            int length;

            // NTAG21x factory layout: Lock Control TLV, then an NDEF TLV, then a Terminator (NTAG21x 8.5.6).
            byte[] area = NfcTestSupport.Bytes("01 03 A0 0C 34 03 05 D1 01 01 55 00 FE");
            EnumAssert.AreEqual(NdefStatus.Ok, NdefTlv.FindMessage(area, 0, area.Length, out offset, out length));
            Assert.AreEqual(7, offset);
            Assert.AreEqual(5, length);

            EnumAssert.AreEqual(NdefStatus.EmptyMessage, NdefTlv.FindMessage(NfcTestSupport.Bytes("03 00 FE"), 0, 3, out offset, out length));
            EnumAssert.AreEqual(NdefStatus.NoMessage, NdefTlv.FindMessage(NfcTestSupport.Bytes("00 00 FE 03 01 00"), 0, 6, out offset, out length));
            EnumAssert.AreEqual(NdefStatus.NoMessage, NdefTlv.FindMessage(new byte[8], 0, 8, out offset, out length));
            EnumAssert.AreEqual(NdefStatus.TlvTruncated, NdefTlv.FindMessage(NfcTestSupport.Bytes("03 FF 01"), 0, 3, out offset, out length));
            EnumAssert.AreEqual(NdefStatus.TlvTruncated, NdefTlv.FindMessage(NfcTestSupport.Bytes("03 FF 03 E8 D1"), 0, 5, out offset, out length));
            Assert.AreEqual(1000, length);
            EnumAssert.AreEqual(NdefStatus.TlvTruncated, NdefTlv.FindMessage(NfcTestSupport.Bytes("FD 09 00"), 0, 3, out offset, out length));
        }
    }
}
