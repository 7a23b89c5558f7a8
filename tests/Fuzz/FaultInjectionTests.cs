using System;
using DualReader.Firmware;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Nfc;
using DualReader.Sim.Nrf24;
using DualReader.Sim.RfSim;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// Faults injected into the chip models while the real drivers run: SPI reads stuck at 0x00 or 0xFF for a while
    /// (chip glitch: nothing written arrives either) on both chips, MFRC522 FIFO overflow, an MFRC522 timer that
    /// never fires, nRF24 MAX_RT storms (every packet destroyed for a while), and packet loss from 10 to 50 %.
    /// Properties: the drivers and protocols return typed errors within their bounds on the virtual clock, never
    /// throw, and work again once the fault ends (the next activation, discovery or exchange succeeds).
    /// </summary>
    [TestClass]
    public class FaultInjectionTests
    {
        private const uint TargetNfcGlitch = 50;
        private const uint TargetNrfGlitch = 51;
        private const uint TargetStorm = 52;
        private const uint TargetLoss = 53;

        private static readonly byte[] CardUid = { 0x08, 0x34, 0xB9, 0x83 };

        /// <summary>
        /// The driver's bound of one 106 kbit/s frame with the 1 ms activation timeout: its air time, the timeout, a
        /// full FIFO's air time (64 * 9 + 2 bits, 5.3 ms) and the 2 ms IRQ margin, plus SPI time.
        /// </summary>
        private const long FrameBoundMicroseconds = 10000;

        [TestMethod]
        public void FaultMfrc522SpiGlitchThenRecovery()
        {
            int cases = FuzzSettings.Cases(4000);
            int glitchedTransfers = 0;
            int[] outcomes = new int[8];
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetNfcGlitch, index));
                string where = FuzzSettings.Describe(random, index);
                SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
                VirtualPicc picc = board.AddPicc(CardUid, new byte[] { 0x04, 0x00 }, 0x08);
                picc.Protocol = new LengthProtocol();
                byte level = random.Chance(50) ? (byte)0x00 : (byte)0xFF;
                board.BusGlitch.Level = level;
                board.BusGlitch.Noise = random.Chance(20);
                // The glitch starts mid-operation (up to 20 ms from now) and lasts 10 µs to 30 ms.
                long glitchStart = board.Clock.Now + random.Between(0, 20000);
                long glitchEnd = glitchStart + random.Between(10, 30000);
                board.BusGlitch.FromMicroseconds = glitchStart;
                board.BusGlitch.UntilMicroseconds = glitchEnd;
                TypeAActivation activation = new TypeAActivation(board.Driver);
                PiccIdentity identity = new PiccIdentity();
                byte[] rx = new byte[256];

                // Operations while the glitch lasts: activation and ISO-DEP frames, each typed and bounded.
                while (board.Clock.Now < glitchEnd)
                {
                    long start = board.Clock.Now;
                    ActivationStatus status = activation.Activate(random.Chance(50), identity);
                    Assert.IsTrue((int)status <= (int)ActivationStatus.ChipError, where + ": status " + (int)status);
                    Assert.IsTrue(board.Clock.Now - start <= MaximumActivationFrames * FrameBoundMicroseconds, where + ": activation took " + (board.Clock.Now - start));
                    outcomes[(int)status]++;
                    if (status != ActivationStatus.Ok)
                    {
                        continue;
                    }

                    // RATS, an I-block, S(DESELECT): ISO-DEP frames with chip CRC_A through the same glitch.
                    byte[][] frames = new byte[][] { new byte[] { 0xE0, 0x80 }, new byte[] { 0x02, (byte)random.Next(40) }, new byte[] { 0xC2 } };
                    for (int f = 0; f < frames.Length; f++)
                    {
                        int received;
                        start = board.Clock.Now;
                        TransceiveResult result = board.Driver.Transceive(frames[f], 0, frames[f].Length, rx, 0, rx.Length, 5000, out received);
                        Assert.IsTrue((int)result <= (int)TransceiveResult.ChipError, where + ": transceive " + (int)result);
                        Assert.IsTrue(received >= 0 && received <= rx.Length, where);
                        Assert.IsTrue(board.Clock.Now - start <= 5000 + FrameBoundMicroseconds, where + ": transceive took " + (board.Clock.Now - start));
                    }
                }

                glitchedTransfers += board.BusGlitch.Transfers;
                AssertNfcRecovers(board, activation, identity, where);
            }

            OutputHelper.WriteLine("MFRC522 SPI glitch (0x00/0xFF, 20 % of cases random noise): " + cases + " cases, " + glitchedTransfers + " SPI transfers glitched; activations during the glitch: "
                + ActivationFuzzTests.Outcomes(outcomes) + "; " + cases + " recoveries");
        }

        /// <summary>
        /// Short glitches inside one ISO-DEP exchange must never give an Ok answer with wrong bytes, neither in the
        /// glitched exchange nor after it (stale FIFO bytes in front of the next frame), and the next exchanges work
        /// again. Cases vary the bit rate (106 or 848 kbit/s), the driver's end-to-end CRC at 106 kbit/s (on in 3 of
        /// 4 cases, off in the rest to measure the guards alone), the glitch kind (the whole transfer lost, as a
        /// brown-out, or MISO only, byte by byte, so a glitch can begin and end inside one FIFO read) and its level
        /// (00h, FFh, or noise in 10 % of the cases). Counts are reported per kind; where the driver claims
        /// protection (whole-transfer glitches at any rate, MISO glitches at 106 kbit/s with the CRC check) the
        /// count must be 0. MISO glitches inside a FIFO read with the chip checking CRC (848 kbit/s, or 106 without
        /// the software check) are the measured residual, bounded below.
        /// </summary>
        [TestMethod]
        public void FaultMfrc522GlitchBurstsDuringExchanges()
        {
            int cases = FuzzSettings.Cases(10000);
            int[] results = new int[8];
            int glitched = 0;
            int noiseCases = 0;
            int[] kindCases = new int[8];
            int[] kindWrongInBurst = new int[8];
            int[] kindWrongAfterBurst = new int[8];
            string firstWrong = "";
            int unrecovered = 0;
            string firstUnrecovered = "";
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetNfcGlitch + 300, index));
                string where = FuzzSettings.Describe(random, index);
                SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
                VirtualPicc picc = board.AddPicc(CardUid, new byte[] { 0x04, 0x00 }, 0x08);
                LengthProtocol protocol = new LengthProtocol();
                picc.Protocol = protocol;
                bool fast = random.Chance(50);
                bool softwareCrc = random.Chance(75);
                bool misoOnly = random.Chance(50);
                board.Driver.SoftwareCrcAt106 = softwareCrc;
                PiccIdentity identity = new PiccIdentity();
                EnumAssert.AreEqual(ActivationStatus.Ok, new TypeAActivation(board.Driver).Activate(true, identity), where);
                byte[] rx = new byte[256];
                int received;
                EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received), where);

                // 848 kbit/s both ways as after a PPS: the chip must check CRC_A itself there (RxModeReg RxCRCEn can
                // only be 0 at 106 kBd, datasheet 9.3.2.4).
                if (fast)
                {
                    protocol.Rate = BitRate.Kbps848;
                    board.Driver.SetBitRates(BitRate.Kbps848, BitRate.Kbps848);
                }

                int kind = (fast ? 1 : 0) + (misoOnly ? 2 : 0) + (!fast && !softwareCrc ? 4 : 0);
                kindCases[kind]++;
                string label = where + " (" + LengthProtocol.KindName(kind) + ")";

                // A short burst somewhere inside one exchange: while the frame is written, while the chip waits, or
                // while the status registers and the FIFO are read.
                board.BusGlitch.Level = random.Chance(50) ? (byte)0x00 : (byte)0xFF;
                board.BusGlitch.Noise = random.Chance(10);
                board.BusGlitch.MisoOnly = misoOnly;
                if (board.BusGlitch.Noise)
                {
                    noiseCases++;
                }

                // The start is drawn over the exchange's length so the FIFO read at its end is hit as often at 106 as
                // at 848 kbit/s (an answer byte takes 9 bits of 9.44 µs at 106 kbit/s, ISO/IEC 14443-2).
                int length = random.Next(60);
                int span = fast ? 2500 : 2500 + ((length + 3) * 85);
                board.BusGlitch.FromMicroseconds = board.Clock.Now + random.Between(0, span);
                board.BusGlitch.UntilMicroseconds = board.BusGlitch.FromMicroseconds + random.Between(1, 150);
                long start = board.Clock.Now;
                TransceiveResult result = board.Driver.Transceive(new byte[] { 0x02, (byte)length }, 0, 2, rx, 0, rx.Length, 5000, out received);
                Assert.IsTrue((int)result <= (int)TransceiveResult.ChipError, label + ": transceive " + (int)result);
                Assert.IsTrue(received >= 0 && received <= rx.Length, label + ": received " + received);
                Assert.IsTrue(board.Clock.Now - start <= 5000 + FrameBoundMicroseconds, label);
                results[(int)result]++;
                glitched += board.BusGlitch.Transfers;

                // An Ok answer must be exactly the PICC's answer: the glitched exchange itself...
                if (result == TransceiveResult.Ok && !LengthProtocol.IsAnswer(rx, received, length))
                {
                    kindWrongInBurst[kind]++;
                    firstWrong = firstWrong.Length > 0 ? firstWrong : label + ": in the burst " + NfcTestSupport.Hex(rx, 0, received > 8 ? 8 : received);
                }

                // ...and, the burst over, the exchanges after it (no stale FIFO bytes in front of the next frame):
                // within three exchanges one returns exactly the PICC's answer.
                board.Clock.Advance(200);
                bool recovered = false;
                for (int attempt = 0; attempt < 3 && !recovered; attempt++)
                {
                    result = board.Driver.Transceive(new byte[] { 0x02, 0x05 }, 0, 2, rx, 0, rx.Length, 5000, out received);
                    recovered = result == TransceiveResult.Ok && LengthProtocol.IsAnswer(rx, received, 5);
                    if (result == TransceiveResult.Ok && !recovered)
                    {
                        kindWrongAfterBurst[kind]++;
                        firstWrong = firstWrong.Length > 0 ? firstWrong : label + ": after the burst " + NfcTestSupport.Hex(rx, 0, received > 8 ? 8 : received);
                    }
                }

                if (!recovered)
                {
                    unrecovered++;
                    firstUnrecovered = firstUnrecovered.Length > 0 ? firstUnrecovered : label;
                }
            }

            string kinds = "";
            int residualCases = 0;
            int residualWrong = 0;
            for (int kind = 0; kind < 8; kind++)
            {
                if (kindCases[kind] == 0)
                {
                    continue;
                }

                kinds += (kinds.Length > 0 ? "; " : "") + LengthProtocol.KindName(kind) + ": " + kindCases[kind] + " cases, Ok with wrong bytes " + kindWrongInBurst[kind] + " in the burst, " + kindWrongAfterBurst[kind] + " after it";
                if ((kind & 2) != 0 && (kind & 5) != 0)
                {
                    residualCases += kindCases[kind];
                    residualWrong += kindWrongInBurst[kind] + kindWrongAfterBurst[kind];
                }
            }

            OutputHelper.WriteLine("MFRC522 glitch bursts inside ISO-DEP exchanges (00h/FFh, " + noiseCases + " cases of noise): " + cases + " cases, " + glitched + " SPI transfers glitched; results: Ok " + results[0]
                + ", NoResponse " + results[1] + ", CrcError " + results[2] + ", ParityError " + results[3] + ", Collision " + results[4] + ", ProtocolError "
                + results[5] + ", BufferOverflow " + results[6] + ", ChipError " + results[7] + "; " + (cases - unrecovered) + " recoveries within 3 exchanges; " + kinds
                + (firstWrong.Length > 0 ? "; first wrong Ok: " + firstWrong : ""));

            for (int kind = 0; kind < 8; kind++)
            {
                bool protectedKind = (kind & 2) == 0 || (kind & 5) == 0;
                if (protectedKind)
                {
                    Assert.AreEqual(0, kindWrongInBurst[kind] + kindWrongAfterBurst[kind], LengthProtocol.KindName(kind) + ": Ok with wrong bytes; first: " + firstWrong);
                }
            }

            // The residual (MISO glitches inside one FIFO read, CRC checked by the chip): at most 1 % of those cases (0.2 % measured).
            Assert.IsTrue(residualWrong * 100 <= residualCases, "residual " + residualWrong + " of " + residualCases);
            Assert.AreEqual(0, unrecovered, "no clean exchange within 3 after the burst; first: " + firstUnrecovered);
        }

        [TestMethod]
        public void FaultMfrc522TimerNeverFires()
        {
            int cases = FuzzSettings.Cases(2000);
            int chipErrors = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetNfcGlitch + 100, index));
                string where = FuzzSettings.Describe(random, index);
                SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
                board.Chip.TimerNeverFires = true;
                TypeAActivation activation = new TypeAActivation(board.Driver);
                PiccIdentity identity = new PiccIdentity();

                // No card: without TimerIRq nothing pulls IRQ low; the driver's own bound ends the wait.
                long start = board.Clock.Now;
                ActivationStatus status = activation.Activate(random.Chance(50), identity);
                EnumAssert.AreEqual(ActivationStatus.ChipError, status, where);
                Assert.IsTrue(board.Clock.Now - start <= FrameBoundMicroseconds, where + ": " + (board.Clock.Now - start) + " us");
                chipErrors++;

                // A card answers: RxIRq still ends the wait, so activation works despite the dead timer ...
                VirtualPicc picc = board.AddPicc(CardUid, new byte[] { 0x04, 0x00 }, 0x08);
                EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(true, identity), where);

                // ... until a frame goes unanswered (HLTA): ChipError again, typed and bounded.
                start = board.Clock.Now;
                EnumAssert.AreEqual(ActivationStatus.ChipError, activation.Halt(), where);
                Assert.IsTrue(board.Clock.Now - start <= FrameBoundMicroseconds, where);
                chipErrors++;

                board.Chip.TimerNeverFires = false;
                board.Field.Piccs.Remove(picc);
                EnumAssert.AreEqual(ActivationStatus.NoCard, activation.Activate(true, identity), where + ": no card, timer back");
                board.Field.Add(picc);
                AssertNfcRecovers(board, activation, identity, where);
            }

            OutputHelper.WriteLine("MFRC522 timer never firing: " + cases + " cases, " + chipErrors + " ChipError outcomes, each within " + FrameBoundMicroseconds + " us; " + cases + " recoveries");
        }

        [TestMethod]
        public void FaultMfrc522FifoOverflow()
        {
            int cases = FuzzSettings.Cases(4000);
            int overflows = 0;
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetNfcGlitch + 200, index));
                string where = FuzzSettings.Describe(random, index);
                SimulatedNfcBoard board = NfcTestSupport.StartedBoard();
                VirtualPicc picc = board.AddPicc(CardUid, new byte[] { 0x04, 0x00 }, 0x08);
                picc.Protocol = new LengthProtocol();
                TypeAActivation activation = new TypeAActivation(board.Driver);
                PiccIdentity identity = new PiccIdentity();
                EnumAssert.AreEqual(ActivationStatus.Ok, activation.Activate(true, identity), where);
                byte[] rx = new byte[256];
                int received;
                EnumAssert.AreEqual(TransceiveResult.Ok, board.Driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received), where + ": RATS");

                // A PICC answering more than the 64-byte FIFO holds (with CRC_A): BufferOvfl (datasheet 8.3.1).
                int length = random.Between(64, 250);
                TransceiveResult result = board.Driver.Transceive(new byte[] { 0x02, (byte)length }, 0, 2, rx, 0, rx.Length, 20000, out received);
                EnumAssert.AreEqual(TransceiveResult.BufferOverflow, result, where + ": " + length + " bytes");
                Assert.AreEqual(0, board.Chip.FifoLevel, where + ": the driver flushes the FIFO");
                overflows++;

                // An answer longer than the caller's buffer is refused the same way.
                int small = random.Between(4, 40);
                result = board.Driver.Transceive(new byte[] { 0x02, (byte)(small + 1) }, 0, 2, rx, 0, small, 20000, out received);
                EnumAssert.AreEqual(TransceiveResult.BufferOverflow, result, where);
                overflows++;

                // The next exchange works.
                int fits = random.Between(0, 60);
                result = board.Driver.Transceive(new byte[] { 0x02, (byte)fits }, 0, 2, rx, 0, rx.Length, 20000, out received);
                EnumAssert.AreEqual(TransceiveResult.Ok, result, where);
                Assert.AreEqual(fits + 1, received, where);
            }

            OutputHelper.WriteLine("MFRC522 FIFO overflow: " + cases + " cases, " + overflows + " overflows reported as BufferOverflow; " + cases + " recoveries");
        }

        [TestMethod]
        public void FaultNrf24SpiGlitchThenRecovery()
        {
            int cases = FuzzSettings.Cases(2000);
            int glitched = 0;
            int[] discoveries = new int[7];
            int[] exchanges = new int[10];
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetNrfGlitch, index));
                string where = FuzzSettings.Describe(random, index);
                RfSimBench bench = new RfSimBench(random.NextUInt(), 0);
                VirtualRfSim peer = bench.AddPeer(RfSimBench.Device((byte)index, true));
                if (random.Chance(50))
                {
                    EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover(), where);
                }

                // The glitch hits the reader's radio, the peer's, or both.
                int which = random.Next(3);
                byte level = random.Chance(50) ? (byte)0x00 : (byte)0xFF;
                long glitchStart = bench.Clock.Now + random.Between(0, 30000);
                long glitchEnd = glitchStart + random.Between(100, 100000);
                if (which != 1)
                {
                    bench.ReaderRadio.BusGlitch.Level = level;
                    bench.ReaderRadio.BusGlitch.FromMicroseconds = glitchStart;
                    bench.ReaderRadio.BusGlitch.UntilMicroseconds = glitchEnd;
                }

                if (which != 0)
                {
                    peer.Radio.BusGlitch.Level = level;
                    peer.Radio.BusGlitch.FromMicroseconds = glitchStart;
                    peer.Radio.BusGlitch.UntilMicroseconds = glitchEnd;
                }

                while (bench.Clock.Now < glitchEnd)
                {
                    // SPI glitches alter bytes (a corrupted read is indistinguishable from a forgery): SecurityError allowed.
                    RunLinkOperation(bench, random, where, discoveries, exchanges, true, false);
                }

                glitched += bench.ReaderRadio.BusGlitch.Transfers + peer.Radio.BusGlitch.Transfers;
                AssertLinkRecovers(bench, where);
            }

            OutputHelper.WriteLine("nRF24 SPI glitch (0x00/0xFF): " + cases + " cases, " + glitched + " SPI transfers glitched; during the glitch: discoveries "
                + Discoveries(discoveries) + ", exchanges " + Exchanges(exchanges) + "; " + cases + " recoveries");
        }

        [TestMethod]
        public void FaultNrf24MaxRetransmitStormThenRecovery()
        {
            int cases = FuzzSettings.Cases(2000);
            int destroyed = 0;
            int[] discoveries = new int[7];
            int[] exchanges = new int[10];
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetStorm, index));
                string where = FuzzSettings.Describe(random, index);
                RfSimBench bench = new RfSimBench(random.NextUInt(), 0);
                bench.AddPeer(RfSimBench.Device((byte)index, true));
                if (random.Chance(60))
                {
                    EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, bench.Reader.Discover(), where);
                }

                // Every packet and ack is destroyed for a while (jamming): each send ends in MAX_RT.
                long stormEnd = bench.Clock.Now + random.Between(1000, 700000);
                int killed = 0;
                bench.Medium.Filter = delegate (AirPacket packet)
                {
                    if (bench.Clock.Now < stormEnd)
                    {
                        killed++;
                        return false;
                    }

                    return true;
                };
                while (bench.Clock.Now < stormEnd)
                {
                    // Jamming only destroys packets: no SecurityError (PROTOCOL.md 5, stale ATTACH).
                    RunLinkOperation(bench, random, where, discoveries, exchanges, false, true);
                }

                destroyed += killed;
                bench.Medium.Filter = null;
                AssertLinkRecovers(bench, where);
            }

            OutputHelper.WriteLine("nRF24 MAX_RT storm: " + cases + " cases, " + destroyed + " packets destroyed; during the storm: discoveries " + Discoveries(discoveries)
                + ", exchanges " + Exchanges(exchanges) + "; " + cases + " recoveries");
        }

        [TestMethod]
        public void FaultPacketLossUpToFiftyPercent()
        {
            int cases = FuzzSettings.Cases(2000);
            int lost = 0;
            long sent = 0;
            int[] discoveries = new int[7];
            int[] exchanges = new int[10];
            int[] okByLoss = new int[6];
            int[] runsByLoss = new int[6];
            for (int index = 0; index < cases; index++)
            {
                FuzzRandom random = new FuzzRandom(FuzzSettings.CaseSeed(TargetLoss, index));
                string where = FuzzSettings.Describe(random, index);
                int step = 1 + (index % 5);
                int loss = step * 10;
                RfSimBench bench = new RfSimBench(random.NextUInt(), loss);
                bench.AddPeer(RfSimBench.Device((byte)index, true));
                for (int operation = 0; operation < 6; operation++)
                {
                    int before = exchanges[0];
                    RunLinkOperation(bench, random, where + " at " + loss + " % loss", discoveries, exchanges, false, true);
                    if (exchanges[0] > before)
                    {
                        okByLoss[step]++;
                    }
                }

                runsByLoss[step]++;
                lost += bench.Medium.PacketsLost;
                sent += bench.Medium.PacketsSent;
                bench.Medium.LossPercent = 0;
                AssertLinkRecovers(bench, where);
            }

            string perLoss = "";
            for (int step = 1; step <= 5; step++)
            {
                perLoss += (step > 1 ? ", " : "") + (step * 10) + " %: " + okByLoss[step] + " ok exchanges in " + runsByLoss[step] + " runs";
            }

            OutputHelper.WriteLine("packet loss 10..50 %: " + cases + " cases, " + lost + " of " + sent + " packets and acks lost; discoveries " + Discoveries(discoveries)
                + ", exchanges " + Exchanges(exchanges) + " (" + perLoss + "); " + cases + " recoveries");
        }

        private const int MaximumActivationFrames = 1 + (3 * (41 + 1));

        /// <summary>
        /// A discovery, or an exchange when a session is open; checks the outcome and its bound. With
        /// <paramref name="lossOnly"/> (packets are destroyed, never altered: no attacker) SecurityError must not occur,
        /// neither in discovery (a stale ATTACH after a lost BEACON is an empty slot, PROTOCOL.md 5) nor in an exchange.
        /// discoveries[6] counts stale ATTACH frames.
        /// </summary>
        private static void RunLinkOperation(RfSimBench bench, FuzzRandom random, string where, int[] discoveries, int[] exchanges, bool chipErrorAllowed, bool lossOnly)
        {
            long start = bench.Clock.Now;
            if (!bench.Reader.SessionActive || random.Chance(10))
            {
                RfSimDiscoveryResult discovery = bench.Reader.Discover();
                Assert.IsTrue((int)discovery >= 0 && (int)discovery <= (int)RfSimDiscoveryResult.ChipError, where + ": discovery " + (int)discovery);
                Assert.IsTrue(bench.Clock.Now - start <= 100000, where + ": discovery took " + (bench.Clock.Now - start) + " us");
                Assert.IsTrue(chipErrorAllowed || discovery != RfSimDiscoveryResult.ChipError, where + ": ChipError from a working radio");
                Assert.IsFalse(lossOnly && discovery == RfSimDiscoveryResult.SecurityError, where + ": SecurityError from loss alone (" + bench.Reader.LastWindowForgedCount
                    + " ATTACH failed the tag for this BEACON, " + bench.Reader.LastWindowStaleCount + " stale)");
                discoveries[(int)discovery]++;
                discoveries[6] += bench.Reader.LastWindowStaleCount;
                return;
            }

            byte[] response = new byte[400];
            int count;
            bool longOne = random.Chance(50);
            byte[] command = longOne ? RfSimBench.ReadRecord : RfSimBench.SelectPpse;
            ExchangeResult result = bench.Reader.Exchange(command, 0, command.Length, response, 0, response.Length, out count);
            long elapsed = bench.Clock.Now - start;
            Assert.IsTrue((int)result <= (int)ExchangeResult.ChipError, where + ": exchange " + (int)result);
            Assert.IsTrue(elapsed <= RfSimReader.ExchangeLimitMicroseconds + 40000, where + ": exchange took " + elapsed + " us");
            Assert.IsTrue(chipErrorAllowed || result != ExchangeResult.ChipError, where + ": ChipError from a working radio");
            Assert.IsFalse(lossOnly && result == ExchangeResult.SecurityError, where + ": exchange SecurityError from loss alone");
            Assert.IsFalse(lossOnly && result == ExchangeResult.TransmissionError, where + ": exchange TransmissionError from loss alone (PROTOCOL.md 7.1)");
            if (result == ExchangeResult.Ok)
            {
                byte[] expected = longOne ? RfSimBench.LongAnswer() : RfSimBench.PpseAnswer();
                Assert.AreEqual(expected.Length, count, where);
                for (int i = 0; i < count; i++)
                {
                    Assert.AreEqual(expected[i], response[i], where + ": byte " + i);
                }
            }

            exchanges[(int)result]++;
        }

        /// <summary>With the fault gone, a session opens within the peer's idle limit and an exchange succeeds.</summary>
        private static void AssertLinkRecovers(RfSimBench bench, string where)
        {
            long start = bench.Clock.Now;
            RfSimDiscoveryResult discovery = RfSimDiscoveryResult.NoPeer;
            while (discovery != RfSimDiscoveryResult.Attached && bench.Clock.Now - start <= RfSimProtocol.IdleLimitMicroseconds + 300000)
            {
                discovery = bench.Reader.Discover();
            }

            EnumAssert.AreEqual(RfSimDiscoveryResult.Attached, discovery, where + ": no session after the fault ended");
            byte[] response = new byte[400];
            int count;
            ExchangeResult result = bench.Reader.Exchange(RfSimBench.ReadRecord, 0, RfSimBench.ReadRecord.Length, response, 0, response.Length, out count);
            EnumAssert.AreEqual(ExchangeResult.Ok, result, where + ": exchange after the fault ended");
            Assert.AreEqual(RfSimBench.LongAnswer().Length, count, where);
        }

        /// <summary>With the fault gone, the card is activated (within three tries) and an ISO-DEP frame works.</summary>
        private static void AssertNfcRecovers(SimulatedNfcBoard board, TypeAActivation activation, PiccIdentity identity, string where)
        {
            // A PICC left in the ISO-DEP state ignores WUPA (ISO/IEC 14443-4 5.4): the reader ends it with S(DESELECT).
            ActivationStatus status = ActivationStatus.NoCard;
            byte[] rx = new byte[64];
            int received;
            for (int attempt = 0; attempt < 3 && status != ActivationStatus.Ok; attempt++)
            {
                status = activation.Activate(true, identity);
                if (status != ActivationStatus.Ok)
                {
                    board.Driver.Transceive(new byte[] { 0xC2 }, 0, 1, rx, 0, rx.Length, 5000, out received);
                }
            }

            EnumAssert.AreEqual(ActivationStatus.Ok, status, where + ": no activation after the fault ended");
            Assert.AreEqual("08 34 b9 83", NfcTestSupport.UidText(identity), where);
            if (board.Field.Piccs.Count > 0 && ((VirtualPicc)board.Field.Piccs[0]).Protocol != null)
            {
                TransceiveResult result = board.Driver.Transceive(new byte[] { 0xE0, 0x80 }, 0, 2, rx, 0, rx.Length, 5000, out received);
                EnumAssert.AreEqual(TransceiveResult.Ok, result, where + ": RATS after the fault ended");
                result = board.Driver.Transceive(new byte[] { 0x02, 0x05 }, 0, 2, rx, 0, rx.Length, 5000, out received);
                EnumAssert.AreEqual(TransceiveResult.Ok, result, where + ": ISO-DEP frame after the fault ended");
                Assert.AreEqual(6, received, where);
            }
        }

        private static string Discoveries(int[] results)
        {
            return "Attached " + results[0] + ", NoPeer " + results[1] + ", Collision " + results[2] + ", TooFar " + results[3] + ", SecurityError " + results[4] + ", ChipError " + results[5]
                + " (stale ATTACH frames " + results[6] + ")";
        }

        private static string Exchanges(int[] results)
        {
            string text = "";
            for (int i = 0; i < results.Length; i++)
            {
                if (results[i] > 0)
                {
                    text += (text.Length > 0 ? ", " : "") + ((ExchangeResult)i).ToString() + " " + results[i];
                }
            }

            return text.Length == 0 ? "none" : text;
        }
    }
}
