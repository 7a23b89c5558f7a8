using DualReader.Firmware.Emv;
using DualReader.Firmware.Tlv;
using DualReader.Sim.Nfc;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Tlv
{
    [TestClass]
    public class BerTlvTests
    {
        // The recorded iPhone's PPSE answer (without SW).
        private const string Ppse = "6F2A840E325041592E5359532E4444463031A518BF0C1561134F07A0000000031010870101" + "9F0A0400010101";

        [TestMethod]
        public void ReadsOneByteAndMultiByteTags()
        {
            byte[] data = SampleCards.Hex("9F360200515A0412345678");
            TlvElement element;
            Assert.IsTrue(BerTlv.TryReadElement(data, 0, data.Length, out element));
            Assert.AreEqual(0x9F36, element.Tag);
            Assert.AreEqual(3, element.ValueOffset);
            Assert.AreEqual(2, element.ValueLength);
            Assert.IsFalse(element.IsConstructed);
            Assert.IsTrue(BerTlv.TryReadElement(data, element.End, data.Length, out element));
            Assert.AreEqual(0x5A, element.Tag);
            Assert.AreEqual(4, element.ValueLength);
            Assert.IsFalse(BerTlv.TryReadElement(data, 0, 4, out element), "value runs past the limit");
        }

        [TestMethod]
        public void ReadsLongFormLengths()
        {
            byte[] data = SampleCards.Concat(SampleCards.Hex("7081C8"), new byte[200]);
            TlvElement element;
            Assert.IsTrue(BerTlv.TryReadElement(data, 0, data.Length, out element));
            Assert.AreEqual(200, element.ValueLength);
            Assert.AreEqual(3, element.ValueOffset);
            Assert.IsTrue(element.IsConstructed);
            data = SampleCards.Concat(SampleCards.Hex("70820120"), new byte[0x120]);
            Assert.IsTrue(BerTlv.TryReadElement(data, 0, data.Length, out element));
            Assert.AreEqual(0x120, element.ValueLength);
        }

        [TestMethod]
        public void RejectsBrokenEncodings()
        {
            TlvElement element;
            byte[] huge = SampleCards.Hex("5A83FFFFFF01");
            Assert.IsFalse(BerTlv.TryReadElement(huge, 0, huge.Length, out element), "huge length");
            byte[] fiveLengthBytes = SampleCards.Hex("5A850000000001");
            Assert.IsFalse(BerTlv.TryReadElement(fiveLengthBytes, 0, fiveLengthBytes.Length, out element));
            byte[] indefinite = SampleCards.Hex("708000");
            Assert.IsFalse(BerTlv.TryReadElement(indefinite, 0, indefinite.Length, out element));
            byte[] longTag = SampleCards.Hex("9FFFFFFF0100");
            Assert.IsFalse(BerTlv.TryReadElement(longTag, 0, longTag.Length, out element), "tag of 4+ bytes");
            byte[] truncatedTag = SampleCards.Hex("9F");
            Assert.IsFalse(BerTlv.TryReadElement(truncatedTag, 0, truncatedTag.Length, out element));
            byte[] missingLength = SampleCards.Hex("9F36");
            Assert.IsFalse(BerTlv.TryReadElement(missingLength, 0, missingLength.Length, out element));
            byte[] shortLongForm = SampleCards.Hex("5A82");
            Assert.IsFalse(BerTlv.TryReadElement(shortLongForm, 0, shortLongForm.Length, out element));
            Assert.IsFalse(BerTlv.TryReadElement(null, 0, 0, out element));
        }

        [TestMethod]
        public void FindsByPathAndAnywhere()
        {
            byte[] data = SampleCards.Hex(Ppse);
            TlvElement element;
            Assert.IsTrue(BerTlv.TryFindPath(data, 0, data.Length, new int[] { 0x6F, 0xA5, 0xBF0C, 0x61, 0x4F }, out element));
            Assert.AreEqual(7, element.ValueLength);
            Assert.AreEqual((byte)0xA0, data[element.ValueOffset]);
            Assert.IsFalse(BerTlv.TryFindPath(data, 0, data.Length, new int[] { 0x6F, 0x4F }, out element), "not at that level");
            Assert.IsTrue(BerTlv.TryFindAnywhere(data, 0, data.Length, 0x87, out element));
            Assert.AreEqual((byte)1, data[element.ValueOffset]);
            Assert.IsFalse(BerTlv.TryFind(data, 0, data.Length, 0x9F0A, out element), "inside the 61 entry");
            Assert.IsTrue(BerTlv.TryFindAnywhere(data, 0, data.Length, 0x9F0A, out element));
            Assert.IsFalse(BerTlv.TryFind(data, 0, data.Length, 0x5A, out element));
            Assert.IsTrue(BerTlv.IsWellFormed(data, 0, data.Length));
        }

        [TestMethod]
        public void ParsesTheRecordedGpoAnswer()
        {
            byte[] data = SampleCards.Hex(SampleCards.PhoneProcessingOptions());
            int count = data.Length - 2;
            Assert.IsTrue(BerTlv.IsWellFormed(data, 0, count));
            TlvElement element;
            Assert.IsTrue(BerTlv.TryFindPath(data, 0, count, new int[] { 0x77, 0x9F4B }, out element));
            Assert.AreEqual(128, element.ValueLength);
            Assert.IsTrue(BerTlv.TryFindPath(data, 0, count, new int[] { 0x77, 0x94 }, out element));
            CollectionAssert.AreEqual(SampleCards.Hex("18010300"), Slice(data, element.ValueOffset, element.ValueLength));
        }

        [TestMethod]
        public void SkipsPaddingBetweenObjects()
        {
            byte[] data = SampleCards.Hex("00005A0112FF009F360100");
            TlvElement element;
            Assert.IsTrue(BerTlv.TryFind(data, 0, data.Length, 0x9F36, out element));
            Assert.IsTrue(BerTlv.IsWellFormed(data, 0, data.Length));
        }

        [TestMethod]
        public void BoundsDeepNesting()
        {
            // 20 nested constructed objects: the structure is legal BER but deeper than any EMV data.
            byte[] inner = SampleCards.Hex("5A0112");
            for (int i = 0; i < 20; i++)
            {
                inner = SampleCards.Tlv(0x70, inner);
            }

            Assert.IsFalse(BerTlv.IsWellFormed(inner, 0, inner.Length));
            TlvElement element;
            Assert.IsFalse(BerTlv.TryFindAnywhere(inner, 0, inner.Length, 0x5A, out element));
            byte[] shallow = SampleCards.Tlv(0x70, SampleCards.Tlv(0x77, SampleCards.Hex("5A0112")));
            Assert.IsTrue(BerTlv.IsWellFormed(shallow, 0, shallow.Length));
            Assert.IsTrue(BerTlv.TryFindAnywhere(shallow, 0, shallow.Length, 0x5A, out element));
        }

        [TestMethod]
        public void DetectsAnInnerLengthPastItsTemplate()
        {
            // 70 03 contains 5A 08 ...: the inner length runs past the template.
            byte[] data = SampleCards.Hex("70035A081234567812345678");
            Assert.IsFalse(BerTlv.IsWellFormed(data, 0, data.Length));
        }

        [TestMethod]
        public void ReadsNumbersAndBcd()
        {
            byte[] data = SampleCards.Hex("9F7906000000012345" + "9F3602012C");
            TlvElement element;
            long value;
            Assert.IsTrue(BerTlv.TryFind(data, 0, data.Length, 0x9F79, out element));
            Assert.IsTrue(BerTlv.TryReadBcd(data, element, out value));
            Assert.AreEqual(12345L, value);
            Assert.IsTrue(BerTlv.TryFind(data, 0, data.Length, 0x9F36, out element));
            Assert.IsTrue(BerTlv.TryReadUnsigned(data, element, out value));
            Assert.AreEqual(300L, value);
            Assert.IsFalse(BerTlv.TryReadBcd(data, element, out value), "2C is not BCD");
        }

        [TestMethod]
        public void BuildsTheRecordedPdolData()
        {
            // The iPhone's PDOL and the recorded reader's values (reference trace).
            byte[] pdol = SampleCards.Hex("9F66049F02069F03069F1A0295055F2A029A039C019F37049F4E14");
            TerminalData terminal = new TerminalData();
            terminal.SetValue(EmvTags.TerminalTransactionQualifiers, SampleCards.Hex("32804000"), false);
            terminal.SetValue(EmvTags.AmountAuthorised, SampleCards.Hex("0100"), true);
            terminal.SetValue(EmvTags.TerminalCountryCode, SampleCards.Hex("0826"), true);
            terminal.SetValue(EmvTags.TransactionCurrencyCode, SampleCards.Hex("0826"), true);
            terminal.SetValue(EmvTags.TransactionDate, SampleCards.Hex("211014"), true);
            byte[] output = new byte[64];
            int length = DataObjectList.Build(pdol, 0, pdol.Length, terminal, output, 0, output.Length);
            Assert.AreEqual(0x35, length);
            Assert.AreEqual("32804000" + "000000000100" + "000000000000" + "0826" + "0000000000" + "0826" + "211014" + "00", SampleCards.Hex(output).Substring(0, 58));
            Assert.AreEqual(-1, DataObjectList.Build(pdol, 0, pdol.Length, terminal, output, 0, 10), "does not fit");
            byte[] broken = SampleCards.Hex("9F66");
            Assert.AreEqual(-1, DataObjectList.Build(broken, 0, broken.Length, terminal, output, 0, output.Length));
        }

        private static byte[] Slice(byte[] data, int offset, int count)
        {
            byte[] result = new byte[count];
            System.Array.Copy(data, offset, result, 0, count);
            return result;
        }
    }
}
