using DualReader.Firmware;
using DualReader.Firmware.Emv;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Hal;
using DualReader.Sim.Nfc;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.IsoDep
{
    /// <summary>
    /// The reader's frames against the recorded iPhone (reference/iso14443-real-traces.txt, hf_visa_apple_*), byte
    /// for byte with CRC_A: RATS, I-blocks, R(ACK), S(WTX) replies.
    /// </summary>
    [TestClass]
    public class IsoDepGoldenTraceTests
    {
        private sealed class FixedRandom : IRandomSource
        {
            private readonly byte[] value;

            public FixedRandom(byte[] value)
            {
                this.value = value;
            }

            public void NextBytes(byte[] buffer, int offset, int count)
            {
                for (int i = 0; i < count; i++)
                {
                    buffer[offset + i] = value[i % value.Length];
                }
            }
        }

        [TestMethod]
        public void CrcAMatchesTheKnownVectors()
        {
            Assert.AreEqual(0xBF05, (int)CrcA.Compute(SampleCards.Ascii("123456789"), 0, 9));
            Assert.AreEqual(0xCD57, (int)CrcA.Compute(new byte[] { 0x50, 0x00 }, 0, 2));
            Assert.AreEqual(0x7331, (int)CrcA.Compute(new byte[] { 0xE0, 0x80 }, 0, 2));
            Assert.AreEqual(0xA5BC, (int)CrcA.Compute(new byte[] { 0xE0, 0x50 }, 0, 2));
            Assert.AreEqual(0x4091, (int)CrcA.Compute(new byte[] { 0xF2, 0x01 }, 0, 2));
        }

        [TestMethod]
        public void RatsWithFsdi8MatchesTheTrace()
        {
            IsoDepBench bench = new IsoDepBench(SampleCards.ApplePayVisa());
            bench.Transport.FrameSizeDeviceIndex = 8;
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            Assert.AreEqual("E0803173", bench.ReaderFrames()[0]);
        }

        [TestMethod]
        public void TheWholeApplePayReadMatchesTheTraceFrameByFrame()
        {
            IsoDepBench bench = new IsoDepBench(SampleCards.ApplePayVisa());
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            Assert.IsFalse(bench.Transport.PpsUsed, "TA(1) = 80: 106 kbit/s only");
            Assert.AreEqual(256, bench.Transport.AnswerToSelect.FrameSizeForCard);

            // The terminal data of the recorded reader (UK, GBP 1.00, 2021-10-14, UN 0EB0F616).
            TerminalData terminal = new TerminalData();
            terminal.SetValue(EmvTags.TerminalTransactionQualifiers, SampleCards.Hex("33804000"), false);
            terminal.SetValue(EmvTags.AmountAuthorised, SampleCards.Hex("000000000100"), true);
            terminal.SetValue(EmvTags.TerminalCountryCode, SampleCards.Hex("0826"), true);
            terminal.SetValue(EmvTags.TransactionCurrencyCode, SampleCards.Hex("0826"), true);
            terminal.SetValue(EmvTags.TransactionDate, SampleCards.Hex("211014"), true);
            EmvReader reader = new EmvReader(bench.Transport, terminal, new FixedRandom(SampleCards.Hex("0EB0F616")), bench.Clock);
            reader.ReadCounters = false;
            TransactionSummary summary = new TransactionSummary();
            EnumAssert.AreEqual(ReadOutcome.Ok, reader.Read(summary), bench.Dump());

            string[] frames = bench.ReaderFrames();
            string[] expected = new string[]
            {
                "E050BCA5",
                "0200A404000E325041592E5359532E444446303100E042",
                "0300A4040007A000000003101000BC41",
                "A2E6D7",
                "0380A8000037833533804000000000000100000000000000082600000000000826211014000EB0F616000000000000000000000000000000000000000000574D",
                "F2019140", "F2019140", "F2019140", "F2019140", "F2019140", "F2019140",
                "A2E6D7",
                "A36FC6",
                "A2E6D7",
                "0300B2011C00C905"
            };
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], frames[i], "reader frame " + i.ToString() + "\n" + bench.Dump());
            }

            Assert.AreEqual(6, bench.Card.WaitExtensionsSent);
            Assert.AreEqual("464235******3640", summary.MaskedPan);
            EnumAssert.AreEqual(CredentialKind.Token, summary.Credential);
            Assert.AreEqual(0x51, summary.TransactionCounter);
            Assert.AreEqual(12, summary.ExpiryMonth);
            Assert.AreEqual(23, summary.ExpiryYear);
            Assert.AreEqual(3, summary.RecordsRead);
            EnumAssert.AreEqual(ExchangeResult.Ok, bench.Transport.Deselect());
            Assert.AreEqual("C2E0B4", frames.Length > 0 ? bench.ReaderFrames()[bench.ReaderFrames().Length - 1] : "");
        }
    }
}
