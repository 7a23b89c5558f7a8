using System.Text;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mifare;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Mifare
{
    /// <summary>Ultralight and NTAG21x: family detection, pages, NDEF, through the real driver and the tag model.</summary>
    [TestClass]
    public class Type2TagTests
    {
        /// <summary>An NDEF Message TLV with one short URI record (NDEF 1.0, URI RTD 1.0) and a Terminator TLV.</summary>
        public static byte[] UriTlv(int prefix, string rest)
        {
            byte[] text = Encoding.UTF8.GetBytes(rest);
            int payload = 1 + text.Length;
            byte[] tlv = new byte[2 + 4 + payload + 1];
            tlv[0] = NdefTlv.Message;
            tlv[1] = (byte)(4 + payload);
            tlv[2] = 0xD1;
            tlv[3] = 0x01;
            tlv[4] = (byte)payload;
            tlv[5] = (byte)'U';
            tlv[6] = (byte)prefix;
            for (int i = 0; i < text.Length; i++)
            {
                tlv[7 + i] = text[i];
            }

            tlv[tlv.Length - 1] = NdefTlv.Terminator;
            return tlv;
        }

        [TestMethod]
        public void Ntag213WithAUriRecordIsDetectedAndItsNdefRead()
        {
            VirtualType2Tag tag;
            MifareBench bench = new MifareBench(MifareCards.Type2(CardFamily.Ntag213, out tag));
            byte[] tlv = UriTlv(0x04, "transit.example/poster/42");
            tag.SetUserData(tlv, 0, tlv.Length);
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            Assert.AreEqual(7, bench.Identity.UidLength);

            CardFamilyDetector detector = new CardFamilyDetector(bench.Tag);
            EnumAssert.AreEqual(CardFamily.Ntag213, detector.Detect(bench.Identity));
            Assert.IsFalse(detector.NeedsReactivation);
            Assert.AreEqual("00 04 04 02 01 00 0f 03", NfcTestSupport.Hex(detector.Version, 0, 8));
            Assert.AreEqual("ntag213", CardFamilyNames.Name(CardFamily.Ntag213));

            NdefTagReader reader = new NdefTagReader(bench.Tag);
            NdefMessage message = new NdefMessage();
            EnumAssert.AreEqual(NdefStatus.Ok, reader.Read(message));
            Assert.AreEqual(144, reader.DataAreaBytes);
            Assert.AreEqual(3, reader.ReadCount, "CC + 12 bytes, then as many READs as the 31-byte TLV needs");
            Assert.AreEqual(1, message.Count);
            EnumAssert.AreEqual(NdefRecordKind.Uri, message.Kind(0));
            Assert.AreEqual("U", message.TypeName(0));
            Assert.AreEqual("https://transit.example/poster/42", message.Value(0));
        }

        [TestMethod]
        [DataRow(5)]
        [DataRow(6)]
        public void Ntag215And216AreToldApartByGetVersion(int family)
        {
            VirtualType2Tag tag;
            MifareBench bench = new MifareBench(MifareCards.Type2((CardFamily)family, out tag));
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            Assert.AreEqual(family, (int)new CardFamilyDetector(bench.Tag).Detect(bench.Identity));

            // The whole user memory of a large tag: a long (3-byte length) TLV with a text record.
            string text = "NTAG21x poster text, long enough to need the three-byte TLV length and many READs ..........";
            for (int i = 0; i < 2; i++)
            {
                text += text;
            }

            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            int payload = 3 + utf8.Length;
            byte[] tlv = new byte[4 + 3 + 4 + 3 + utf8.Length + 1];
            tlv[0] = NdefTlv.Message;
            tlv[1] = 0xFF;
            int recordLength = 1 + 1 + 4 + 1 + payload;
            tlv[2] = (byte)(recordLength >> 8);
            tlv[3] = (byte)recordLength;
            tlv[4] = 0xC1;
            tlv[5] = 0x01;
            tlv[9] = (byte)payload;
            tlv[8] = (byte)(payload >> 8);
            tlv[10] = (byte)'T';
            tlv[11] = 0x02;
            tlv[12] = (byte)'e';
            tlv[13] = (byte)'n';
            for (int i = 0; i < utf8.Length; i++)
            {
                tlv[14 + i] = utf8[i];
            }

            tlv[tlv.Length - 1] = NdefTlv.Terminator;
            tag.SetUserData(tlv, 0, tlv.Length);
            NdefMessage message = new NdefMessage();
            EnumAssert.AreEqual(NdefStatus.Ok, new NdefTagReader(bench.Tag).Read(message));
            EnumAssert.AreEqual(NdefRecordKind.Text, message.Kind(0));
            Assert.AreEqual("en", message.Language(0));
            Assert.AreEqual(text, message.Value(0));
        }

        [TestMethod]
        public void UltralightWithoutGetVersionNeedsReactivation()
        {
            VirtualType2Tag tag;
            MifareBench bench = new MifareBench(MifareCards.Type2(CardFamily.MifareUltralight, out tag));
            byte[] tlv = UriTlv(0x05, "+8610086");
            tag.SetUserData(tlv, 0, tlv.Length);
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            CardFamilyDetector detector = new CardFamilyDetector(bench.Tag);
            EnumAssert.AreEqual(CardFamily.MifareUltralight, detector.Detect(bench.Identity));
            Assert.IsTrue(detector.NeedsReactivation);
            EnumAssert.AreEqual(PiccState.Idle, bench.Picc.State, "an unknown command sends MF0ICU1 back to IDLE");

            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            NdefMessage message = new NdefMessage();
            EnumAssert.AreEqual(NdefStatus.Ok, new NdefTagReader(bench.Tag).Read(message));
            Assert.AreEqual("tel:+8610086", message.Value(0));
        }

        [TestMethod]
        public void ReadRollsOverAndWriteIsAcknowledged()
        {
            VirtualType2Tag tag;
            MifareBench bench = new MifareBench(MifareCards.Type2(CardFamily.Ntag213, out tag));
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            byte[] page = NfcTestSupport.Bytes("DEADBEEF");
            EnumAssert.AreEqual(MifareResult.Ok, bench.Tag.WritePage(10, page, 0));
            byte[] read = new byte[16];
            EnumAssert.AreEqual(MifareResult.Ok, bench.Tag.ReadPages(10, read, 0));
            Assert.AreEqual("de ad be ef", NfcTestSupport.Hex(read, 0, 4));

            // Page 44 (PACK) is the last: READ 43 returns 43, 44, then pages 0 and 1 (UID); PWD/PACK read as zero.
            EnumAssert.AreEqual(MifareResult.Ok, bench.Tag.ReadPages(43, read, 0));
            Assert.AreEqual("00 00 00 00 00 00 00 00 04 a1 b2", NfcTestSupport.Hex(read, 0, 11));

            // Page 1 holds UID bytes: read-only, NAK 0h, and the tag is back in IDLE.
            EnumAssert.AreEqual(MifareResult.Nak, bench.Tag.WritePage(1, page, 0));
            Assert.AreEqual(0, bench.Tag.LastNak);
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());

            // Static lock bit L10 (page 2, byte 3, bit 2) makes page 10 read-only.
            EnumAssert.AreEqual(MifareResult.Ok, bench.Tag.WritePage(2, NfcTestSupport.Bytes("00000004"), 0));
            EnumAssert.AreEqual(MifareResult.Nak, bench.Tag.WritePage(10, page, 0));
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            EnumAssert.AreEqual(MifareResult.Ok, bench.Tag.WritePage(11, page, 0));
        }

        [TestMethod]
        public void PasswordProtectionAndSignature()
        {
            VirtualType2Tag tag;
            MifareBench bench = new MifareBench(MifareCards.Type2(CardFamily.Ntag213, out tag));

            // AUTH0 = 10h: pages from 16 on need PWD_AUTH; PWD 11223344, PACK 8080.
            tag.SetPage(0x29, NfcTestSupport.Bytes("04000010"), 0);
            tag.SetPage(0x2B, NfcTestSupport.Bytes("11223344"), 0);
            tag.SetPage(0x2C, NfcTestSupport.Bytes("80800000"), 0);
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());
            byte[] page = NfcTestSupport.Bytes("01020304");
            EnumAssert.AreEqual(MifareResult.Nak, bench.Tag.WritePage(16, page, 0));
            EnumAssert.AreEqual(ActivationStatus.Ok, bench.Activate());

            byte[] frame = NfcTestSupport.Bytes("1B 11 22 33 44");
            byte[] answer = new byte[40];
            int received;
            EnumAssert.AreEqual(TransceiveResult.Ok, bench.Board.Driver.Transceive(frame, 0, 5, answer, 0, answer.Length, 5000, out received));
            Assert.AreEqual("80 80", NfcTestSupport.Hex(answer, 0, received));
            EnumAssert.AreEqual(MifareResult.Ok, bench.Tag.WritePage(16, page, 0));

            // READ_SIG: 32 bytes.
            frame[0] = VirtualType2Tag.ReadSignature;
            frame[1] = 0x00;
            EnumAssert.AreEqual(TransceiveResult.Ok, bench.Board.Driver.Transceive(frame, 0, 2, answer, 0, answer.Length, 5000, out received));
            Assert.AreEqual(32, received);
            Assert.AreEqual(NfcTestSupport.Hex(tag.Signature, 0, 32), NfcTestSupport.Hex(answer, 0, 32));

            // A wrong password: NAK.
            frame[0] = VirtualType2Tag.PasswordAuthentication;
            frame[1] = 0x00;
            EnumAssert.AreEqual(TransceiveResult.CrcError, bench.Board.Driver.Transceive(frame, 0, 5, answer, 0, answer.Length, 5000, out received));
            Assert.AreEqual(1, received);
        }
    }
}
