using DualReader.Firmware.Emv;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Emv
{
    /// <summary>The one EMV tag table (EmvTags): its columns line up and the rules read from it hold.</summary>
    [TestClass]
    public class EmvTagTableTests
    {
        [TestMethod]
        public void RowsAreInAscendingTagOrderAndNamed()
        {
            Assert.IsTrue(EmvTags.Count > 50);
            for (int row = 0; row < EmvTags.Count; row++)
            {
                if (row > 0)
                {
                    Assert.IsTrue(EmvTags.TagAt(row) > EmvTags.TagAt(row - 1), "row " + row.ToString() + " out of order: the lookup is a binary search");
                }

                Assert.IsNotNull(EmvTags.NameAt(row));
                Assert.AreEqual(EmvTags.NameAt(row), EmvTags.Name(EmvTags.TagAt(row)));
                EnumAssert.AreEqual(EmvTags.FormatAt(row), EmvTags.Format(EmvTags.TagAt(row)));
            }
        }

        [TestMethod]
        public void AccountDataAndCryptogramsAreSensitive()
        {
            int[] sensitive = new int[] { 0x5A, 0x57, 0x56, 0x5F20, 0x9F0B, 0x9F1F, 0x9F20, 0x9F6B, 0x9F26, 0x9F10, 0x9F4B, 0x9F46, 0x9F2D, 0x9F60, 0x9F61 };
            for (int index = 0; index < sensitive.Length; index++)
            {
                Assert.IsTrue(EmvTags.IsSensitive(sensitive[index]), "tag " + sensitive[index].ToString("X") + " must be sensitive");
            }

            int sensitiveRows = 0;
            for (int row = 0; row < EmvTags.Count; row++)
            {
                if (EmvTags.IsSensitive(EmvTags.TagAt(row)))
                {
                    sensitiveRows++;
                }
            }

            // Nothing else: over-redaction would hide what a trace is for (AIDs, AFL, ATC, expiry).
            Assert.AreEqual(sensitive.Length, sensitiveRows);
            Assert.IsFalse(EmvTags.IsSensitive(EmvTags.ApplicationExpirationDate));
            Assert.IsFalse(EmvTags.IsSensitive(EmvTags.ApplicationTransactionCounter));
            Assert.IsFalse(EmvTags.IsSensitive(0xDF01), "a tag not in the table");
        }

        [TestMethod]
        public void TerminalAmountsAreNumericAndRightAligned()
        {
            EnumAssert.AreEqual(TagFormat.Numeric, EmvTags.Format(EmvTags.AmountAuthorised));
            EnumAssert.AreEqual(TagFormat.Binary, EmvTags.Format(EmvTags.TerminalTransactionQualifiers));
            EnumAssert.AreEqual(TagFormat.Binary, EmvTags.Format(0xDF01));
            Assert.IsNull(EmvTags.Name(0xDF01));

            // n12 asked as 6 bytes, value set as 2: right-aligned with leading zeros (EMV Book 3 5.4).
            TerminalData terminal = new TerminalData();
            terminal.SetValue(EmvTags.AmountAuthorised, new byte[] { 0x12, 0x34 });
            byte[] output = new byte[6];
            terminal.WriteValue(EmvTags.AmountAuthorised, output, 0, 6);
            Assert.AreEqual((byte)0x00, output[3]);
            Assert.AreEqual((byte)0x12, output[4]);
            Assert.AreEqual((byte)0x34, output[5]);
        }
    }
}
