using DualReader.Firmware;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Nfc
{
    /// <summary>
    /// A card keeps its processing time when the reader stops listening (issue 12, item 4). On air, a PICC answers a
    /// block when its processing is done (ISO/IEC 14443-4 7.1: the frame waiting time bounds when the answer
    /// starts); the reader's MFRC522 giving up the receive (timer, Idle) changes nothing for the card. So the answer
    /// lands in whatever receive window is open when it comes (here: that of the R(NAK) the reader sent meanwhile,
    /// 7.5.4 rule 4), or is lost on air when none is, and a card still computing does not answer that R(NAK) early.
    /// Before, the model dropped the answer with the receive and the card, whose answer was already computed,
    /// answered the R(NAK) at once with the stored block (rule 11): the Visa GPO (45 ms) arrived 12 ms early, the
    /// UnionPay GPO (60 ms) 29 ms early.
    /// </summary>
    [TestClass]
    public class LateCardAnswerTests
    {
        /// <summary>Frame delay time PICC answer after a reader frame ending with bit 1/0: (n·128 + 84)/fc or
        /// (n·128 + 20)/fc, n = 9 (ISO/IEC 14443-3 6.2.1.1); about 86 µs.</summary>
        private const int FrameDelayMicroseconds = 100;

        [TestMethod]
        public void VisaGpoAnswerComesWhenItsProcessingEndsNotAtTheRNak()
        {
            // The timeline: GPO (45 ms of processing) on air at 32.3 ms, the reader gives up and sends R(NAK)
            // at 67.8 ms. The answer starts 45 ms after the GPO ended, at 79.7 ms, inside the R(NAK)'s window; the
            // model used to answer the R(NAK) at once, at 68.1 ms.
            long answerStart = RunAbandonedGpo(SampleCards.VisaCard(), 45000);
            Assert.IsTrue(answerStart >= 79600 && answerStart <= 79800, "answer at " + answerStart + " us");
        }

        [TestMethod]
        public void UnionPayGpoAnswerComesWhenItsProcessingEndsNotAtTheRNak()
        {
            // The same with the UnionPay card (60 ms of processing): the answer starts at 94.7 ms, not 68.1 ms.
            long answerStart = RunAbandonedGpo(SampleCards.UnionPayDualApplication(), 60000);
            Assert.IsTrue(answerStart >= 94600 && answerStart <= 94800, "answer at " + answerStart + " us");
        }

        /// <summary>GPO on air at 32.3 ms, the receive abandoned after 32.7 ms, R(NAK); returns when the answer started.</summary>
        private static long RunAbandonedGpo(ScenarioDevice device, int processing)
        {
            int block;
            long latency;
            SimulatedNfcBoard board = Activated(device, out block, out latency);
            board.Clock.Advance(32300 - latency - board.Clock.Now);
            long gpoStart;
            long gpoEnd;
            SendGpo(board, block, 32700, out gpoStart, out gpoEnd);
            Assert.IsTrue(gpoStart >= 32290 && gpoStart <= 32310, "GPO at " + gpoStart + " us");

            // The reader abandoned the receive (NoResponse) and sends R(NAK) with its block number (7.5.4 rule 4).
            byte[] rx = new byte[64];
            int received;
            int entries = board.Chip.Trace.Count;
            TransceiveResult result = board.Driver.Transceive(new byte[] { (byte)(0xB2 | block) }, 0, 1, rx, 0, rx.Length, 80000, out received);

            long rnakStart = Entry(board, entries).StartMicroseconds;
            long answerStart = Entry(board, entries + 1).StartMicroseconds;
            OutputHelper.WriteLine(device.Uid.Length + "-byte uid card: GPO on air at " + gpoStart + " us (ends " + gpoEnd + "), R(NAK) at " + rnakStart
                + " us, answer at " + answerStart + " us (" + (answerStart - gpoEnd) + " us after the GPO)");
            EnumAssert.AreEqual(TransceiveResult.Ok, result);
            Assert.IsFalse(Entry(board, entries + 1).FromReader);
            // The first block of the GPO answer (chained to FSD 64: PCB 12 or 13, then template 77).
            Assert.AreEqual((byte)(0x12 | block), rx[0]);
            Assert.AreEqual((byte)0x77, rx[1]);
            Assert.IsTrue(rnakStart >= 67700 && rnakStart <= 67900, "R(NAK) at " + rnakStart + " us");
            Assert.IsTrue(answerStart - gpoEnd >= processing && answerStart - gpoEnd <= processing + FrameDelayMicroseconds, "answer " + (answerStart - gpoEnd) + " us after the GPO");
            Assert.IsTrue(answerStart - rnakStart > 10000, "the R(NAK) was not answered early");
            Assert.AreEqual(0, board.Chip.LostAnswers);
            return answerStart;
        }

        [TestMethod]
        public void LateAnswerWithoutAReceiveWindowIsLostOnAir()
        {
            // The reader gives up after 10 ms and listens to nothing for 50 ms: the answer (at 45 ms) goes on air
            // unheard. The card is then done: an R(NAK) gets its stored block at once (7.5.4 rule 11).
            int block;
            long latency;
            SimulatedNfcBoard board = Activated(SampleCards.VisaCard(), out block, out latency);
            long gpoStart;
            long gpoEnd;
            SendGpo(board, block, 10000, out gpoStart, out gpoEnd);
            Assert.IsTrue(board.Chip.CardAnswerPending);
            board.Clock.Advance(50000);
            Assert.IsFalse(board.Chip.CardAnswerPending);
            Assert.AreEqual(1, board.Chip.LostAnswers);

            byte[] rx = new byte[64];
            int received;
            int entries = board.Chip.Trace.Count;
            TransceiveResult result = board.Driver.Transceive(new byte[] { (byte)(0xB2 | block) }, 0, 1, rx, 0, rx.Length, 80000, out received);

            EnumAssert.AreEqual(TransceiveResult.Ok, result);
            Assert.AreEqual((byte)(0x12 | block), rx[0]);
            long rnakEnd = Entry(board, entries).StartMicroseconds + 300; // 1 byte + CRC at 106 kbit/s: 29 bits, 274 us
            long answerStart = Entry(board, entries + 1).StartMicroseconds;
            Assert.IsTrue(answerStart - rnakEnd < 200, "the stored block comes right after the R(NAK): " + (answerStart - rnakEnd) + " us");
        }

        [TestMethod]
        public void FieldOffForgetsTheAnswerOfACardStillComputing()
        {
            int block;
            long latency;
            SimulatedNfcBoard board = Activated(SampleCards.VisaCard(), out block, out latency);
            long gpoStart;
            long gpoEnd;
            SendGpo(board, block, 10000, out gpoStart, out gpoEnd);
            Assert.IsTrue(board.Chip.CardAnswerPending);

            board.Driver.TurnAntennaOff();

            Assert.IsFalse(board.Chip.CardAnswerPending);
            board.Clock.Advance(50000);
            Assert.AreEqual(0, board.Chip.LostAnswers);
        }

        [TestMethod]
        public void TransportWaitsOutACardThatAnswersLaterThanItsFrameWaitingTime()
        {
            // The Visa card announcing FWI 7 (FWT 38.7 ms, TB(1) = 71) and computing its GPO for 45 ms without
            // S(WTX): the transport's wait ends, it sends R(NAK), and the answer arrives in that R(NAK)'s window
            // when the 45 ms are over. Before, the exchange ended after about 42 ms: faster than the card computes.
            ScenarioDevice device = SampleCards.VisaCard();
            device.Ats = NfcTestSupport.Bytes("0D7880710200" + "73C84010009000");
            SimulatedNfcBoard board = new SimulatedNfcBoard();
            board.Driver.Initialize();
            board.Driver.TurnAntennaOn();
            VirtualPicc picc = board.AddPicc(device.Uid, device.Atqa, device.Sak);
            VirtualIsoDepCard card = VirtualIsoDepCard.FromScenario(device);
            card.WaitExtensionsEnabled = false;
            picc.Protocol = card;
            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, identity));
            IsoDepTransport transport = new IsoDepTransport(board.Driver, board.Clock);
            EnumAssert.AreEqual(ActivationResult.Ok, transport.Activate());
            Assert.IsTrue(transport.FrameWaitingMicroseconds < 40000);
            byte[] gpo = NfcTestSupport.Bytes("80A8000012831036004000000000000000709A0E4A015600");
            byte[] response = new byte[256];
            int count;
            board.Chip.RecordTrace = true;
            long start = board.Clock.Now;

            ExchangeResult result = transport.Exchange(gpo, 0, gpo.Length, response, 0, response.Length, out count);

            long elapsed = board.Clock.Now - start;
            // On air: the GPO I-block, the R(NAK), then the answer's first block (its processing counts from the GPO's end).
            long gpoEnd = Entry(board, 0).StartMicroseconds + DirectFrameLink.FrameMicroseconds(gpo.Length + 3, BitRate.Kbps106);
            Assert.IsTrue(Entry(board, 1).FromReader);
            Assert.IsFalse(Entry(board, 2).FromReader);
            long answerAfter = Entry(board, 2).StartMicroseconds - gpoEnd;
            OutputHelper.WriteLine("GPO with 45 ms of processing, FWT 38.7 ms, no S(WTX): " + result.ToString() + " after " + elapsed + " us, "
                + transport.LastRetransmissionCount + " R(NAK), the answer " + answerAfter + " us after the GPO");
            Assert.IsTrue(answerAfter >= 45000 && answerAfter <= 45000 + FrameDelayMicroseconds, "answer " + answerAfter + " us after the GPO");
            EnumAssert.AreEqual(ExchangeResult.Ok, result);
            Assert.AreEqual((byte)0x77, response[0]);
            Assert.AreEqual((byte)0x90, response[count - 2]);
            Assert.AreEqual(1, transport.LastRetransmissionCount);
            Assert.AreEqual(0, board.Chip.LostAnswers);
        }

        /// <summary>A started board with <paramref name="device"/> activated (14443-3 and RATS with FSD 64) and its
        /// SELECT PPSE done (I-block 0, the answer's chain collected with R(ACK)), trace on;
        /// <paramref name="block"/> is the reader's block number for its next I-block (7.5.3 rules),
        /// <paramref name="latency"/> the time from a Transceive call to its frame on air (SPI calls; the GPO's 4 more
        /// FIFO bytes included).</summary>
        private static SimulatedNfcBoard Activated(ScenarioDevice device, out int block, out long latency)
        {
            SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
            VirtualPicc picc = board.AddPicc(device.Uid, device.Atqa, device.Sak);
            picc.Protocol = VirtualIsoDepCard.FromScenario(device);
            board.Chip.RecordTrace = true;
            PiccIdentity identity = new PiccIdentity();
            EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(false, identity));
            byte[] rx = new byte[64];
            int received;
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0xE0, 0x50 }, 0, 2, rx, 0, rx.Length, 5000, out received));
            byte[] select = NfcTestSupport.Bytes("0200A404000E325041592E5359532E444446303100");
            int entries = board.Chip.Trace.Count;
            long call = board.Clock.Now;
            EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(select, 0, select.Length, rx, 0, rx.Length, 80000, out received));
            latency = Entry(board, entries).StartMicroseconds - call + 4;
            block = 0;
            while ((rx[0] & 0x10) != 0)
            {
                // The card chains (7.5.2): R(ACK) with the next block number asks for the next block.
                block ^= 1;
                EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { (byte)(0xA2 | block) }, 0, 1, rx, 0, rx.Length, 80000, out received));
            }

            block ^= 1;
            return board;
        }

        /// <summary>Sends GPO as I-block <paramref name="block"/> and waits <paramref name="timeout"/> µs: the card needs
        /// longer, NoResponse.</summary>
        private static void SendGpo(SimulatedNfcBoard board, int block, int timeout, out long start, out long end)
        {
            byte[] gpo = NfcTestSupport.Bytes("0280A8000012831036004000000000000000709A0E4A015600");
            gpo[0] = (byte)(0x02 | block);
            byte[] rx = new byte[64];
            int received;
            int entries = board.Chip.Trace.Count;
            EnumAssert.AreEqual(TransceiveResult.NoResponse, board.Driver.Transceive(gpo, 0, gpo.Length, rx, 0, rx.Length, timeout, out received));
            Assert.AreEqual(entries + 1, board.Chip.Trace.Count);
            start = Entry(board, entries).StartMicroseconds;
            // 25 bytes + CRC_A at 106 kbit/s: 9 bits a byte, start and end (ISO/IEC 14443-2), 128/fc a bit.
            end = start + DirectFrameLink.FrameMicroseconds(gpo.Length + 2, BitRate.Kbps106);
        }

        private static AirTraceEntry Entry(SimulatedNfcBoard board, int index)
        {
            return (AirTraceEntry)board.Chip.Trace[index];
        }
    }
}
