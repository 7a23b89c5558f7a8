using DualReader.Firmware;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.IsoDep
{
    [TestClass]
    public class IsoDepTransportTests
    {
        private static readonly byte[] Select = SampleCards.Hex("00A4040007A0000000031010");

        private static ScenarioDevice EchoCard(string ats, int responseLength, int processingMicroseconds)
        {
            ScenarioDevice device = SampleCards.NfcDevice("01020304", "0400", 0x20, ats);
            byte[] response = SampleCards.Concat(SampleCards.Filler(responseLength, 7), SampleCards.Hex("9000"));
            device.AddApdu(new ApduRule(Select, response, processingMicroseconds));
            return device;
        }

        private static ExchangeResult Exchange(IsoDepBench bench, byte[] command, byte[] response, out int count)
        {
            return bench.Transport.Exchange(command, 0, command.Length, response, 0, response.Length, out count);
        }

        [TestMethod]
        public void NegotiatesPpsTo848WhenCardAndChipAllowIt()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.FastCardAts, 10, 1000));
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            string[] frames = bench.ReaderFrames();
            Assert.AreEqual("E050BCA5", frames[0]);
            // PPSS D0, PPS0 11, PPS1 = DSI 3 << 2 | DRI 3.
            byte[] pps = SampleCards.Hex("D0110F");
            int crc = CrcA.Compute(pps, 0, 3);
            Assert.AreEqual("D0110F" + SampleCards.Hex(new byte[] { (byte)crc, (byte)(crc >> 8) }), frames[1]);
            Assert.IsTrue(bench.Transport.PpsUsed);
            EnumAssert.AreEqual(BitRate.Kbps848, bench.Link.PcdToPiccRate);
            EnumAssert.AreEqual(BitRate.Kbps848, bench.Link.PiccToPcdRate);
            EnumAssert.AreEqual(BitRate.Kbps848, bench.Card.PcdToPiccRate);

            byte[] response = new byte[300];
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, response, out count));
            Assert.AreEqual(12, count);
        }

        [TestMethod]
        public void HonoursTheConfiguredMaximumRateAndTheChip()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.FastCardAts, 10, 1000));
            bench.Transport.MaximumBitRate = BitRate.Kbps424;
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            Assert.AreEqual("D0110A", bench.ReaderFrames()[1].Substring(0, 6));

            bench = new IsoDepBench(EchoCard(SampleCards.FastCardAts, 10, 1000));
            bench.Link.MaximumSupportedBitRate = BitRate.Kbps212;
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            Assert.AreEqual("D01105", bench.ReaderFrames()[1].Substring(0, 6));
            EnumAssert.AreEqual(BitRate.Kbps212, bench.Transport.PiccToPcdRate);

            bench = new IsoDepBench(EchoCard(SampleCards.FastCardAts, 10, 1000));
            bench.Transport.MaximumBitRate = BitRate.Kbps106;
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            Assert.AreEqual(1, bench.ReaderFrames().Length, "PPS off: RATS only");
        }

        [TestMethod]
        public void SkipsPpsForACardWithout848Support()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 10, 1000));
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            Assert.IsFalse(bench.Transport.PpsUsed);
            Assert.AreEqual(1, bench.ReaderFrames().Length);
            EnumAssert.AreEqual(BitRate.Kbps106, bench.Link.PcdToPiccRate);
        }

        [TestMethod]
        public void PpsForCommonRateWhenTheCardNeedsTheSameDivisorBothWays()
        {
            // TA = 0x93: same D both ways, DS 2 (b5) and DR 2/4 (b1, b2): common 212 kbit/s.
            IsoDepBench bench = new IsoDepBench(EchoCard("04359370", 10, 1000));
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            Assert.AreEqual("D01105", bench.ReaderFrames()[1].Substring(0, 6));
        }

        [TestMethod]
        public void WaitsTheStartUpFrameGuardTime()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.FastCardAts, 10, 1000));
            bench.Transport.MaximumBitRate = BitRate.Kbps106;
            long before = bench.Clock.Now;
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            LinkFrame ats = (LinkFrame)bench.Link.Frames[1];
            Assert.AreEqual(ats.EndMicroseconds + FrameTiming.StartUpFrameGuardMicroseconds(1), bench.Clock.Now);
            Assert.IsTrue(before < ats.EndMicroseconds);
        }

        [TestMethod]
        public void RejectsAMalformedAts()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard("057880", 10, 1000));
            EnumAssert.AreEqual(ActivationResult.MalformedAts, bench.Transport.Activate());
            Assert.IsFalse(bench.Transport.IsActive);
            int count;
            EnumAssert.AreEqual(ExchangeResult.DeviceLost, Exchange(bench, Select, new byte[300], out count));
        }

        [TestMethod]
        public void ReportsNoResponseWhenTheCardIsNotIsoDep()
        {
            IsoDepBench bench = new IsoDepBench(SampleCards.NfcDevice("01020304", "0400", 0x08, null));
            EnumAssert.AreEqual(ActivationResult.NoResponse, bench.Transport.Activate());
            Assert.AreEqual(3, bench.ReaderFrames().Length, "RATS sent once plus two retries");
        }

        [TestMethod]
        public void PassesFwtPlusDeltaAsTheTimeout()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 10, 1000));
            bench.Transport.Activate();
            int count;
            Exchange(bench, Select, new byte[300], out count);
            Assert.AreEqual(FrameTiming.ActivationWaitingMicroseconds, (int)bench.Link.Timeouts[0]);
            Assert.AreEqual(38665 + 3625, (int)bench.Link.Timeouts[1]);
        }

        [TestMethod]
        public void ChainsACommandLongerThanFsc()
        {
            // FSCI 2 -> FSC 32: 29 INF bytes per block.
            ScenarioDevice device = SampleCards.NfcDevice("01020304", "0400", 0x20, "030280");
            byte[] command = SampleCards.Concat(SampleCards.Hex("80E2000060"), SampleCards.Filler(0x60, 3));
            device.AddApdu(new ApduRule(SampleCards.Hex("80E20000"), SampleCards.Hex("9000"), 500));
            IsoDepBench bench = new IsoDepBench(device);
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            byte[] response = new byte[10];
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, command, response, out count));
            Assert.AreEqual(2, count);
            string[] frames = bench.ReaderFrames();
            Assert.AreEqual("12", frames[1].Substring(0, 2));
            Assert.AreEqual("13", frames[2].Substring(0, 2));
            Assert.AreEqual("12", frames[3].Substring(0, 2));
            Assert.AreEqual("03", frames[4].Substring(0, 2));
            Assert.AreEqual(32, frames[1].Length / 2, "a full frame is FSC bytes with CRC");
            CollectionAssert.AreEqual(command, (byte[])bench.Card.Commands[0]);
        }

        [TestMethod]
        public void ReceivesAChainedResponseWithinFsd()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 200, 1000));
            bench.Transport.Activate();
            byte[] response = new byte[300];
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, response, out count));
            Assert.AreEqual(202, count);
            CollectionAssert.AreEqual(SampleCards.Filler(200, 7), Slice(response, 0, 200));
            string[] frames = bench.ReaderFrames();
            // The command was I(0): the chained answers are I(0), I(1), I(0)... acknowledged with R(ACK)(1), (0), (1).
            Assert.AreEqual("A36FC6", frames[2]);
            Assert.AreEqual("A2E6D7", frames[3]);
            Assert.AreEqual("A36FC6", frames[4]);
        }

        [TestMethod]
        public void RecoversFromALostCardFrameWithRNak()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 10, 1000));
            bench.Transport.Activate();
            bench.Link.DropNextCardFrames = 1;
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, new byte[300], out count));
            Assert.AreEqual(12, count);
            Assert.AreEqual("B267C7", bench.ReaderFrames()[2], "R(NAK) blk 0 as in the trace");
            Assert.AreEqual(1, bench.Transport.LastRetransmissionCount);
        }

        [TestMethod]
        public void RecoversFromADamagedCardFrame()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 10, 1000));
            bench.Transport.Activate();
            bench.Link.CorruptNextCardFrames = 2;
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, new byte[300], out count));
            Assert.AreEqual(2, bench.Transport.LastRetransmissionCount);
        }

        [TestMethod]
        public void ResendsTheIBlockWhenTheCardNeverGotIt()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 10, 1000));
            bench.Transport.Activate();
            bench.Link.DropNextReaderFrames = 1;
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, new byte[300], out count));
            string[] frames = bench.ReaderFrames();
            // I(0) lost, R(NAK)(0), the card answers R(ACK)(1) (rule 12), the reader resends I(0) (rule 6).
            Assert.AreEqual("B267C7", frames[2]);
            Assert.AreEqual(frames[1], frames[3]);
            Assert.AreEqual(1, bench.Card.Commands.Count);
        }

        [TestMethod]
        public void RecoversALostBlockInTheMiddleOfAChain()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 200, 1000));
            bench.Transport.Activate();
            // Exchange 1 of the APDU is the I-block, 2 the first R(ACK): its answer (the 2nd chained block) is lost.
            bench.Link.DropCardAnswerOfTransceive = bench.Link.TransceiveCount + 2;
            byte[] response = new byte[300];
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, response, out count));
            Assert.AreEqual(202, count);
            CollectionAssert.AreEqual(SampleCards.Filler(200, 7), Slice(response, 0, 200));
            string[] frames = bench.ReaderFrames();
            // 7.5.4 rule 5: the same R(ACK) again; the card resends its block (rule 11).
            Assert.AreEqual("A36FC6", frames[2]);
            Assert.AreEqual("A36FC6", frames[3]);
            Assert.AreEqual("A2E6D7", frames[4]);
        }

        [TestMethod]
        public void GivesUpAfterTheRetryBoundAndDeselects()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 10, 1000));
            bench.Transport.Activate();
            bench.Link.DropNextCardFrames = 100;
            int count;
            EnumAssert.AreEqual(ExchangeResult.NoResponse, Exchange(bench, Select, new byte[300], out count));
            Assert.IsFalse(bench.Transport.IsActive);
            string[] frames = bench.ReaderFrames();
            // I-block, two R(NAK), then S(DESELECT) tried three times.
            Assert.AreEqual("B267C7", frames[2]);
            Assert.AreEqual("B267C7", frames[3]);
            Assert.AreEqual("C2E0B4", frames[4]);
            Assert.AreEqual(7, frames.Length);
            EnumAssert.AreEqual(ExchangeResult.DeviceLost, Exchange(bench, Select, new byte[300], out count));
        }

        [TestMethod]
        public void ReportsACardThatDisappearsBetweenChainedBlocks()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 200, 1000));
            bench.Card.VanishAfterChainedBlocks = 1;
            bench.Transport.Activate();
            byte[] response = new byte[300];
            int count;
            EnumAssert.AreEqual(ExchangeResult.NoResponse, Exchange(bench, Select, response, out count));
            Assert.AreEqual(0, count);
            string[] frames = bench.ReaderFrames();
            // R(ACK) repeated while the card chains (7.5.4 rule 5), then S(DESELECT).
            Assert.AreEqual("A36FC6", frames[2]);
            Assert.AreEqual("A36FC6", frames[3]);
            Assert.AreEqual("A36FC6", frames[4]);
            Assert.AreEqual("C2E0B4", frames[5]);
            Assert.IsTrue(bench.Card.Vanished);
        }

        [TestMethod]
        public void StopsAResponseThatOverflowsTheBuffer()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 1000, 1000));
            bench.Transport.Activate();
            byte[] response = new byte[258];
            int count;
            EnumAssert.AreEqual(ExchangeResult.ResponseTooLong, Exchange(bench, Select, response, out count));
            Assert.AreEqual(0, count);
            Assert.IsFalse(bench.Transport.IsActive);
            Assert.IsTrue(bench.Link.Frames.Count < 20, "stopped early, no endless acknowledgements");
        }

        [TestMethod]
        public void AnswersWaitExtensionsWithTheSameMultiplierAndExtendsTheTimeout()
        {
            ScenarioDevice device = EchoCard(SampleCards.PhoneAts, 10, 150000);
            IsoDepBench bench = new IsoDepBench(device);
            bench.Card.WaitExtensionMultiplier = 3;
            bench.Transport.Activate();
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, new byte[300], out count));
            string[] frames = bench.ReaderFrames();
            byte[] wtx = SampleCards.Hex("F203");
            int crc = CrcA.Compute(wtx, 0, 2);
            Assert.AreEqual("F203" + SampleCards.Hex(new byte[] { (byte)crc, (byte)(crc >> 8) }), frames[2]);
            Assert.AreEqual(38665 * 3 + 3625, (int)bench.Link.Timeouts[2]);
            Assert.AreEqual(bench.Card.WaitExtensionsSent, bench.Transport.LastWaitExtensionCount);
        }

        [TestMethod]
        public void CapsTheExtendedWaitAtFwtMax()
        {
            // FWI 14 card asking WTXM 59: the wait is FWTmax, not 59 x FWT.
            ScenarioDevice device = EchoCard("057880E002", 10, 6000000);
            IsoDepBench bench = new IsoDepBench(device);
            bench.Card.WaitExtensionMultiplier = 59;
            // Room for the whole extended wait (the default exchange limit would clip it, see IsoDepExchangeLimitTests).
            bench.Transport.ExchangeLimitMicroseconds = 60000000;
            bench.Transport.Activate();
            int count;
            Exchange(bench, Select, new byte[300], out count);
            Assert.AreEqual(FrameTiming.MaximumFrameWaitingMicroseconds + 3625, (int)bench.Link.Timeouts[2]);
        }

        [TestMethod]
        public void EndsANeverEndingWaitExtensionWithinABoundedTime()
        {
            // The WTX count and time budgets on their own: the exchange limit is set out of their way here.
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 10, 1000));
            bench.Card.NeverEndingWaitExtension = true;
            bench.Transport.ExchangeLimitMicroseconds = 60000000;
            bench.Transport.Activate();
            long start = bench.Clock.Now;
            int count;
            EnumAssert.AreEqual(ExchangeResult.WaitExtensionLimit, Exchange(bench, Select, new byte[300], out count));
            Assert.AreEqual(bench.Transport.MaximumWaitExtensions + 1, bench.Transport.LastWaitExtensionCount);
            Assert.IsTrue(bench.Clock.Now - start < 12000000, "bounded modelled time");
            Assert.IsFalse(bench.Transport.IsActive);

            // With the longest waits the time bound trips first.
            bench = new IsoDepBench(EchoCard("057880E002", 10, 1000));
            bench.Card.NeverEndingWaitExtension = true;
            bench.Card.WaitExtensionMultiplier = 59;
            bench.Transport.ExchangeLimitMicroseconds = 60000000;
            bench.Transport.Activate();
            start = bench.Clock.Now;
            EnumAssert.AreEqual(ExchangeResult.WaitExtensionLimit, Exchange(bench, Select, new byte[300], out count));
            Assert.AreEqual(3, bench.Transport.LastWaitExtensionCount);
            Assert.IsTrue(bench.Clock.Now - start < 20000000);
        }

        [TestMethod]
        public void SendsCidOnlyWhenANonZeroCidIsConfigured()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 10, 1000));
            bench.Transport.Cid = 3;
            EnumAssert.AreEqual(ActivationResult.Ok, bench.Transport.Activate());
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, new byte[300], out count));
            string[] frames = bench.ReaderFrames();
            Assert.AreEqual("E053", frames[0].Substring(0, 4));
            Assert.AreEqual("0A03", frames[1].Substring(0, 4));
            EnumAssert.AreEqual(ExchangeResult.Ok, bench.Transport.Deselect());
            Assert.AreEqual("CA03", bench.ReaderFrames()[2].Substring(0, 4));
            Assert.IsTrue(bench.Card.Deselected);
        }

        [TestMethod]
        public void OmitsCidForACardWithoutCidSupport()
        {
            // TC(1) = 00: no CID support; the configured CID 3 goes into RATS only.
            IsoDepBench bench = new IsoDepBench(EchoCard("0578807000", 10, 1000));
            bench.Transport.Cid = 3;
            bench.Transport.Activate();
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, new byte[300], out count));
            Assert.AreEqual("02", bench.ReaderFrames()[1].Substring(0, 2));
        }

        [TestMethod]
        public void DeselectEndsTheSession()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 10, 1000));
            bench.Transport.Activate();
            EnumAssert.AreEqual(ExchangeResult.Ok, bench.Transport.Deselect());
            Assert.IsTrue(bench.Card.Deselected);
            Assert.IsFalse(bench.Transport.IsActive);
            int count;
            EnumAssert.AreEqual(ExchangeResult.DeviceLost, Exchange(bench, Select, new byte[300], out count));
        }

        [TestMethod]
        public void ChargesAirTimeAndCardProcessingOnTheLedger()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 10, 1000));
            bench.Transport.Activate();
            // RATS: 4 bytes with CRC = (9 x 4 + 2) etu of 128/fc; the ATS 7 bytes.
            Assert.AreEqual(359, DirectFrameLink.FrameMicroseconds(4, Firmware.Iso14443.BitRate.Kbps106));
            long airBefore = bench.Ledger.AirMicroseconds;
            long processingBefore = bench.Ledger.CardProcessingMicroseconds;
            long before = bench.Clock.Now;
            int count;
            Exchange(bench, Select, new byte[300], out count);
            long air = bench.Ledger.AirMicroseconds - airBefore;
            Assert.AreEqual(1000L, bench.Ledger.CardProcessingMicroseconds - processingBefore);
            Assert.AreEqual(bench.Clock.Now - before, air + 1000);
            // The same frames at 848 kbit/s take an eighth of the bit time.
            Assert.AreEqual(5457, DirectFrameLink.FrameMicroseconds(64, Firmware.Iso14443.BitRate.Kbps106));
            Assert.AreEqual(683, DirectFrameLink.FrameMicroseconds(64, Firmware.Iso14443.BitRate.Kbps848));
        }

        [TestMethod]
        public void ReportsACardThatLeavesTheFieldInTheMiddleOfAChain()
        {
            IsoDepBench bench = new IsoDepBench(EchoCard(SampleCards.PhoneAts, 200, 1000));
            bench.Transport.Activate();
            bench.Link.LeaveAfterFrames = 2;
            byte[] response = new byte[300];
            int count;
            EnumAssert.AreEqual(ExchangeResult.NoResponse, Exchange(bench, Select, response, out count));
            Assert.IsFalse(bench.Link.Present);
            Assert.IsFalse(bench.Transport.IsActive);
        }

        [TestMethod]
        public void AnAnswerLaterThanTheFrameWaitingTimeIsMissedAndRecovered()
        {
            // FWI 0: FWT 303 us + delta 3625 us, against a card computing 5 ms without asking for more time.
            IsoDepBench bench = new IsoDepBench(EchoCard("0578800002", 10, 5000));
            bench.Card.WaitExtensionsEnabled = false;
            bench.Transport.Activate();
            long before = bench.Clock.Now;
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, new byte[300], out count));
            Assert.AreEqual(12, count);
            // The answer came after the timeout: NoResponse, R(NAK), and the card resends its stored answer (rule 11).
            Assert.AreEqual(1, bench.Transport.LastRetransmissionCount);
            Assert.AreEqual("B267C7", bench.ReaderFrames()[2]);
            Assert.IsTrue(bench.Clock.Now - before >= 303 + 3625);
        }

        [TestMethod]
        public void ALateAnswerArrivesWhenTheCardIsDoneNotRightAfterTheRNak()
        {
            // Issue 12: the card keeps computing when the reader stops listening. FWI 0 (wait 3.9 ms) against 5 ms of
            // processing: the R(NAK) goes out while the card computes, the card does not take it, and its answer
            // lands in the R(NAK)'s window 5.1 ms after the SELECT, not right after the R(NAK) (4.3 ms after it before).
            IsoDepBench bench = new IsoDepBench(EchoCard("0578800002", 10, 5000));
            bench.Card.WaitExtensionsEnabled = false;
            bench.Transport.Activate();
            int logged = bench.Link.Frames.Count;
            int count;
            EnumAssert.AreEqual(ExchangeResult.Ok, Exchange(bench, Select, new byte[300], out count));

            LinkFrame select = (LinkFrame)bench.Link.Frames[logged];
            LinkFrame nak = (LinkFrame)bench.Link.Frames[logged + 1];
            LinkFrame answer = (LinkFrame)bench.Link.Frames[logged + 2];
            Assert.IsTrue(select.FromReader && nak.FromReader && !answer.FromReader);
            long answerStart = answer.EndMicroseconds - DirectFrameLink.FrameMicroseconds(answer.BytesWithCrc.Length, BitRate.Kbps106);
            OutputHelper.WriteLine("SELECT ends " + select.EndMicroseconds + " us, R(NAK) ends " + nak.EndMicroseconds + " us, answer starts " + answerStart + " us");
            Assert.IsTrue(answerStart - select.EndMicroseconds >= 5000, "the answer came " + (answerStart - select.EndMicroseconds) + " us after the SELECT");
            Assert.IsTrue(answerStart - select.EndMicroseconds <= 5000 + 100);
            Assert.AreEqual(0, bench.Link.LostAnswers);
        }

        private static byte[] Slice(byte[] data, int offset, int count)
        {
            byte[] result = new byte[count];
            System.Array.Copy(data, offset, result, 0, count);
            return result;
        }
    }
}
