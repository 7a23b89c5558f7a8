using DualReader.Firmware.IsoDep;
using DualReader.Sim.Nfc;
using nanoFramework.TestFramework;

namespace DualReader.Tests.IsoDep
{
    [TestClass]
    public class AnswerToSelectTests
    {
        private static AnswerToSelect Parse(string hex, bool expected)
        {
            byte[] bytes = SampleCards.Hex(hex);
            AnswerToSelect ats = new AnswerToSelect();
            Assert.AreEqual(expected, ats.TryParse(bytes, 0, bytes.Length, 64), hex);
            return ats;
        }

        [TestMethod]
        public void ParsesTheIphoneAts()
        {
            AnswerToSelect ats = Parse("0578807002", true);
            Assert.AreEqual(8, ats.FrameSizeIndex);
            Assert.AreEqual(256, ats.FrameSizeForCard);
            Assert.IsTrue(ats.HasBitRateCapabilities);
            Assert.IsTrue(ats.SameBitRateBothDirections);
            Assert.AreEqual(1, ats.PiccToPcdRates);
            Assert.AreEqual(1, ats.PcdToPiccRates);
            Assert.AreEqual(7, ats.FrameWaitingIndex);
            Assert.AreEqual(0, ats.StartUpFrameGuardIndex);
            Assert.IsTrue(ats.CidSupported);
            Assert.IsFalse(ats.NadSupported);
            Assert.AreEqual(0, ats.HistoricalCount);
        }

        [TestMethod]
        public void ParsesTa_Tc_WithoutTbAndUsesTheDefaultFwi()
        {
            // hf_14a_reader_4b_rats: 04 58 80 02 -> T0 58 = FSCI 8, TA and TC present, no TB.
            AnswerToSelect ats = Parse("04588002", true);
            Assert.AreEqual(256, ats.FrameSizeForCard);
            Assert.AreEqual(AnswerToSelect.DefaultFrameWaitingIndex, ats.FrameWaitingIndex);
            Assert.IsTrue(ats.CidSupported);
        }

        [TestMethod]
        public void ParsesAllInterfaceBytesAndHistoricalBytes()
        {
            // hf_14a_reader_7b_rats: 06 75 77 81 02 80.
            AnswerToSelect ats = Parse("067577810280", true);
            Assert.AreEqual(64, ats.FrameSizeForCard);
            Assert.IsFalse(ats.SameBitRateBothDirections);
            Assert.AreEqual(0x0F, ats.PiccToPcdRates);
            Assert.AreEqual(0x0F, ats.PcdToPiccRates);
            Assert.AreEqual(8, ats.FrameWaitingIndex);
            Assert.AreEqual(1, ats.StartUpFrameGuardIndex);
            Assert.AreEqual(5, ats.HistoricalOffset);
            Assert.AreEqual(1, ats.HistoricalCount);
            Assert.AreEqual((byte)0x80, ats[5]);
        }

        [TestMethod]
        public void DistinguishesTaFromTcByTheirPresenceBits()
        {
            // T0 = 0x45: only TC present (b7). The byte after T0 is TC, not TA (the peers' bug).
            AnswerToSelect ats = Parse("034502", true);
            Assert.IsFalse(ats.HasBitRateCapabilities);
            Assert.IsTrue(ats.CidSupported);
            Assert.AreEqual(64, ats.FrameSizeForCard);
            // T0 = 0x15: only TA present.
            ats = Parse("031577", true);
            Assert.IsTrue(ats.HasBitRateCapabilities);
            Assert.IsFalse(ats.CidSupported);
        }

        [TestMethod]
        public void AppliesTheDefaultsWhenOnlyTlIsSent()
        {
            AnswerToSelect ats = Parse("01", true);
            Assert.AreEqual(32, ats.FrameSizeForCard);
            Assert.AreEqual(4, ats.FrameWaitingIndex);
            Assert.AreEqual(0, ats.StartUpFrameGuardIndex);
            Assert.IsFalse(ats.HasBitRateCapabilities);
        }

        [TestMethod]
        public void TreatsRfuValuesAsTheStandardSays()
        {
            // FSCI 9..F count as 256; FWI 15 -> 4; SFGI 15 -> 0; TA b4 set -> 106 only.
            AnswerToSelect ats = Parse("04" + "3C" + "7F" + "FF", true);
            Assert.AreEqual(256, ats.FrameSizeForCard);
            Assert.AreEqual(1, ats.PiccToPcdRates);
            Assert.AreEqual(4, ats.FrameWaitingIndex);
            Assert.AreEqual(0, ats.StartUpFrameGuardIndex);
        }

        [TestMethod]
        public void RejectsMalformedAnswers()
        {
            Parse("", false);
            Parse("0578", false);            // TL 5 but 2 bytes
            Parse("02780000", false);        // TL 2 but 4 bytes
            Parse("037800", false);          // T0 announces TA, TB, TC but only one byte follows
            Parse("03F800", false);          // T0 b8 set
            Parse("0578807002" + "0000000000000000000000000000000000000000000000000000000000000000000000", false); // TL mismatch
        }

        [TestMethod]
        public void RejectsAnAtsLongerThanFsdAllows()
        {
            byte[] bytes = new byte[63];
            bytes[0] = 63;
            bytes[1] = 0x05;
            AnswerToSelect ats = new AnswerToSelect();
            Assert.IsFalse(ats.TryParse(bytes, 0, bytes.Length, 64));
            bytes = new byte[62];
            bytes[0] = 62;
            bytes[1] = 0x05;
            Assert.IsTrue(ats.TryParse(bytes, 0, bytes.Length, 64));
        }

        [TestMethod]
        public void FindsExtendedLengthInTheCardCapabilities()
        {
            // Historical bytes: 80 (compact-TLV), 73 = card capabilities with 3 bytes, third byte b7 set.
            AnswerToSelect ats = Parse("0A78807002" + "80" + "73" + "000040", true);
            Assert.IsTrue(ats.SupportsExtendedLength);
            ats = Parse("0A78807002" + "80" + "73" + "000000", true);
            Assert.IsFalse(ats.SupportsExtendedLength);
        }

        [TestMethod]
        public void ComputesTheFrameWaitingTimes()
        {
            Assert.AreEqual(303, FrameTiming.FrameWaitingMicroseconds(0));
            Assert.AreEqual(4834, FrameTiming.FrameWaitingMicroseconds(4));
            Assert.AreEqual(38665, FrameTiming.FrameWaitingMicroseconds(7));
            Assert.AreEqual(4949032, FrameTiming.MaximumFrameWaitingMicroseconds);
            Assert.AreEqual(3625, FrameTiming.DeltaFrameWaitingMicroseconds);
            Assert.AreEqual(0, FrameTiming.StartUpFrameGuardMicroseconds(0));
            Assert.AreEqual(661, FrameTiming.StartUpFrameGuardMicroseconds(1));
        }
    }
}
