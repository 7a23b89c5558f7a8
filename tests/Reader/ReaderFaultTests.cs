using System.Collections;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Reader;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Scenarios;
using DualReader.Tests.Support;
using nanoFramework.TestFramework;

namespace DualReader.Tests.Reader
{
    /// <summary>
    /// Faults around the whole reader (issue 7), through <see cref="ReaderApplication"/> on the simulated board: a
    /// host that is away for an hour, a card pulled away at every exchange point of a full EMV read, records the
    /// encoder refuses, a PAN the host link cannot carry. Property: the reader recovers to polling, the records the
    /// host finally holds have contiguous sequence numbers (or an explicit lost record), nothing is duplicated.
    /// </summary>
    [TestClass]
    public class ReaderFaultTests
    {
        private const long Second = 1000000;

        /// <summary>How long the host is away (reader time).</summary>
        private const long AbsenceMicroseconds = 3600 * Second;

        /// <summary>One card or phone is presented this often while the host is away.</summary>
        private const long PresentationPeriodMicroseconds = 45 * Second;

        /// <summary>Longest RunCycle (reader time) tolerated while a card is pulled away mid-read.</summary>
        private const long CycleBoundMicroseconds = Second;

        [TestMethod]
        public void HostAbsentForAnHourOfReaderTimeLosesNothingSilently()
        {
            SimulatedReaderBoard board = new SimulatedReaderBoard(ReaderBench.Scenario(1));

            // The hour's output (about half a megabyte) is more than the UART model holds: watch it as it is sent.
            UartSequenceWatch panWatch = new UartSequenceWatch(PanSequences());
            board.Uart.Sink = panWatch;
            RecordQueue queue = board.Reader.Queue;
            board.Start();
            RunChecked(board, 300000);
            Assert.AreEqual(0, queue.Count);
            int heldBefore = board.Host.Records.Count;
            Assert.AreEqual(1, heldBefore);

            // The host goes away: nobody reads the UART, nobody acknowledges.
            board.Host.Listening = false;
            long returnAt = board.Clock.Now + AbsenceMicroseconds;
            ArrayList windows = new ArrayList();
            int presentation = 0;
            int nfcPollsBefore = board.Reader.Nfc.Polls;
            while (board.Clock.Now + PresentationPeriodMicroseconds <= returnAt)
            {
                // A card or phone for about a second; the reader reads it and waits for it to leave.
                long arrive = board.Clock.Now + 50000;
                long leave = arrive + 900000;
                int transactions = board.Reader.TransactionCount;
                board.AddDevice(Presented(presentation, arrive, leave));
                windows.Add(new long[] { arrive, leave });
                RunChecked(board, leave + 600000);
                Assert.AreEqual(transactions + 1, board.Reader.TransactionCount, "presentation " + presentation);
                presentation++;

                // An empty field: a few polls, then a long idle stretch without cycles (nothing to read in it; only
                // the resend timers run on, and the next cycle finds every frame due).
                RunChecked(board, board.Clock.Now + 300000);
                board.Clock.Advance(arrive + PresentationPeriodMicroseconds - board.Clock.Now);
            }

            board.Clock.Advance(returnAt - board.Clock.Now);
            int transactionsDuringAbsence = board.Reader.TransactionCount;
            int pollsDuringAbsence = board.Reader.Nfc.Polls - nfcPollsBefore;
            uint dropped = queue.TotalDropped;
            Assert.AreEqual(heldBefore, board.Host.Records.Count);
            Assert.IsTrue(dropped > 0);

            // The host returns and acknowledges again; a card presented afterwards is read as usual.
            board.Host.Listening = true;
            RunChecked(board, board.Clock.Now + 5 * Second);
            board.AddDevice(Presented(presentation, board.Clock.Now + 50000, board.Clock.Now + 950000));
            RunChecked(board, board.Clock.Now + 3 * Second);
            Assert.AreEqual(transactionsDuringAbsence + 1, board.Reader.TransactionCount);
            Assert.AreEqual(0, queue.Count);
            Assert.IsFalse(queue.HasPendingLost);
            Assert.AreEqual(dropped, queue.TotalDropped);

            Assert.AreEqual(0, panWatch.Finish(), "a PAN on the UART while the host was absent");
            Assert.AreEqual((long)board.Uart.TransmittedCount, panWatch.BytesWatched);
            Hashtable delivered = Deliver(board);
            LostRecord lost = LatestLost(board);
            Assert.IsNotNull(lost);
            Assert.AreEqual(queue.TotalDropped, lost.Count);
            AssertEveryNumberHeld(board, delivered);

            // The newest records before the return (all but the ring's worth were dropped) reached the host: the
            // last presentations each have their transaction record.
            int recent = 8;
            for (int index = windows.Count - recent; index < windows.Count; index++)
            {
                long[] window = (long[])windows[index];
                Assert.AreEqual(1, TransactionsIn(delivered, window[0], window[1]), "presentation " + index);
            }

            OutputHelper.WriteLine("host away " + (AbsenceMicroseconds / Second) + " s: " + presentation + " presentations, "
                + transactionsDuringAbsence + " transactions, " + pollsDuringAbsence + " nfc polls, " + board.Reader.RfSim.Polls + " rfsim windows, "
                + dropped + " records dropped into lost #" + lost.Sequence + " (" + lost.FirstSequence + ".." + lost.LastSequence + "), "
                + board.Host.UnreadBytes + " bytes unread, " + board.Host.DamagedFrames + " damaged frames, next seq " + queue.NextSequence);
        }

        [TestMethod]
        public void CardRemovalAtEveryExchangePointOfAFullReadGivesOneRecordAndPollingResumes()
        {
            string report = string.Empty;
            for (int device = 0; device < DeviceCount; device++)
            {
                // 1. A full read without fault: every frame the PCD sends while the card is in the field and the
                //    transaction is not finished is an exchange point.
                ArrayList frames = new ArrayList();
                SimulatedReaderBoard clean = RemovalBoard(device, -1, frames);
                RunChecked(clean, 2 * Second);
                ArrayList cleanRecords = Presentation(clean);
                Assert.AreEqual(1, cleanRecords.Count, DeviceName(device));
                Assert.AreEqual("ok", ((TransactionRecord)cleanRecords[0]).Outcome, DeviceName(device));
                int points = frames.Count;
                int deselect = -1;
                for (int index = 0; index < points; index++)
                {
                    // S(DESELECT), PCB 1100 x010 (ISO/IEC 14443-4 7.1.1.3): after it, the read is complete.
                    if ((((byte[])frames[index])[0] & 0xF7) == 0xC2)
                    {
                        deselect = index;
                    }
                }

                Assert.IsTrue(points > 10 && deselect == points - 1, DeviceName(device));

                // 2. The card answers frames 0..k and is gone from frame k+1 on.
                int errors = 0;
                long longestCycle = 0;
                Hashtable outcomes = new Hashtable();
                for (int k = 0; k < points; k++)
                {
                    string where = DeviceName(device) + " removed after frame " + k + " of " + points;
                    SimulatedReaderBoard board = RemovalBoard(device, k, null);
                    long cycle = RunChecked(board, 2 * Second);
                    longestCycle = cycle > longestCycle ? cycle : longestCycle;
                    Assert.IsFalse(board.Reader.Nfc.WaitingForRemoval, where);
                    ArrayList records = Presentation(board);
                    Assert.AreEqual(1, records.Count, where);
                    string outcome;
                    if (records[0] is ErrorRecord)
                    {
                        outcome = "error:" + ((ErrorRecord)records[0]).Code;
                        errors++;
                    }
                    else
                    {
                        outcome = ((TransactionRecord)records[0]).Outcome;
                        Assert.IsNotNull(outcome, where);

                        // Only a card that answered the frame before DESELECT (its last APDU) was read completely.
                        Assert.IsTrue(k >= deselect - 1 ? outcome == "ok" : outcome != "ok", where + ": " + outcome);
                    }

                    outcomes[outcome] = outcomes.Contains(outcome) ? (int)outcomes[outcome] + 1 : 1;

                    // Polling again: a card presented afterwards is read cleanly, and the numbers are contiguous.
                    ScenarioDevice next = SampleCards.VisaCard();
                    next.Uid = new byte[] { 0x08, 0x55, 0x66, 0x77 };
                    next.Atqa = new byte[] { 0x04, 0x00 };
                    board.AddDevice(ReaderBench.At(next, (int)(board.Clock.Now / 1000) + 50, (int)(board.Clock.Now / 1000) + 900));
                    cycle = RunChecked(board, board.Clock.Now + 1500000);
                    longestCycle = cycle > longestCycle ? cycle : longestCycle;
                    ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
                    TransactionRecord last = (TransactionRecord)transactions[transactions.Count - 1];
                    Assert.AreEqual("ok", last.Outcome, where);
                    Assert.AreEqual("08556677", ReaderBench.Hex(last.Uid), where);
                    Assert.AreEqual(0, ReaderBench.Records(board, MessageType.Lost).Count, where);
                    AssertEveryNumberHeld(board, Deliver(board));
                    AssertNoPan(board, where);
                }

                Assert.IsTrue(longestCycle <= CycleBoundMicroseconds);
                report += DeviceName(device) + ": " + points + " exchange points (" + errors + " error records), longest cycle " + longestCycle + " us, outcomes";
                foreach (object key in outcomes.Keys)
                {
                    report += " " + (string)key + "=" + (int)outcomes[key];
                }

                report += "; frames (first byte):";
                for (int index = 0; index < points; index++)
                {
                    report += " " + ReaderBench.Hex(new byte[] { ((byte[])frames[index])[0] });
                }

                report += "\n";
            }

            OutputHelper.WriteLine(report);
        }

        [TestMethod]
        public void CardThatKeepsBreakingOffAndLeavesGivesOneCardRemovedRecord()
        {
            // It answers WUPA but never its anticollision, from 150 ms until it leaves at 1200 ms: many broken polls,
            // one presentation, one card_removed, stamped with the first break-off and sent once the field is empty.
            Scenario scenario = ReaderBench.Scenario(2500);
            scenario.AddDevice(ReaderBench.At(SampleCards.Mastercard(), 150, 1200));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            int[] silenced = SilenceAnticollision(board, long.MaxValue);
            board.Run();
            ReaderBench.Drain(board);

            Assert.IsTrue(silenced[0] >= 8);
            Assert.AreEqual(0, ReaderBench.Records(board, MessageType.Transaction).Count);
            ArrayList errors = ReaderBench.Records(board, MessageType.Error);
            Assert.AreEqual(1, errors.Count);
            ErrorRecord error = (ErrorRecord)errors[0];
            Assert.AreEqual("card_removed", error.Code);
            EnumAssert.AreEqual(ReaderInterface.Nfc, error.Interface);
            Assert.IsTrue(error.TimeMicroseconds >= 150000 && error.TimeMicroseconds < 300000, "t_us " + error.TimeMicroseconds);
            AssertEveryNumberHeld(board, Deliver(board));
        }

        [TestMethod]
        public void CardBreakingOffActivationWhileEnteringTheFieldGivesOnlyItsTransaction()
        {
            // A card at the edge of the field: it answers WUPA but its anticollision answers never arrive for the
            // first second (every poll breaks off), then it is read. One presentation, one record: the transaction.
            Scenario scenario = ReaderBench.Scenario(2500);
            scenario.AddDevice(ReaderBench.At(SampleCards.Mastercard(), 150, 2000));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            int[] silenced = SilenceAnticollision(board, 1000000);
            board.Run();
            ReaderBench.Drain(board);

            Assert.IsTrue(silenced[0] >= 8);
            Assert.AreEqual(0, ReaderBench.Records(board, MessageType.Error).Count);
            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            Assert.AreEqual("ok", ((TransactionRecord)transactions[0]).Outcome);
            Assert.IsTrue(((TransactionRecord)transactions[0]).TimeMicroseconds >= 1000000);
            AssertEveryNumberHeld(board, Deliver(board));
        }

        [TestMethod]
        public void RecordTheEncoderRefusesBecomesAnErrorRecord()
        {
            // Slots too small for a transaction record (the status record fits): the transaction is refused by the
            // queue and an error record record_refused takes its place; no sequence number is skipped.
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(SampleCards.VisaCard(), 200, 900));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario, 4, true, true, 175);
            board.Run();
            ReaderBench.Drain(board);

            Assert.AreEqual(1, board.Reader.TransactionCount);
            Assert.AreEqual(1, board.Reader.RefusedRecords);
            Assert.AreEqual(0, ReaderBench.Records(board, MessageType.Transaction).Count);
            ArrayList errors = ReaderBench.Records(board, MessageType.Error);
            Assert.AreEqual(1, errors.Count);
            ErrorRecord error = (ErrorRecord)errors[0];
            Assert.AreEqual("record_refused", error.Code);
            Assert.AreEqual("OutputTooSmall", error.Detail);
            EnumAssert.AreEqual(ReaderInterface.Nfc, error.Interface);
            Assert.AreEqual(1u, error.Sequence);
            Assert.AreEqual(2u, board.Reader.Queue.NextSequence);
            AssertEveryNumberHeld(board, Deliver(board));

            // The same card with full slots: the transaction record itself.
            SimulatedReaderBoard full = new SimulatedReaderBoard(scenario, 4, true, true);
            full.Run();
            ReaderBench.Drain(full);
            Assert.AreEqual(0, full.Reader.RefusedRecords);
            Assert.AreEqual(1, ReaderBench.Records(full, MessageType.Transaction).Count);
            Assert.AreEqual(0, ReaderBench.Records(full, MessageType.Error).Count);
        }

        [TestMethod]
        public void ShortPanIsLeftOutAndTheRestOfTheRecordComesThrough()
        {
            // An 11-digit PAN: the EMV layer masks it whole, which the host link's rule (6 + 4 digits of 12..19)
            // refuses; the record comes out without pan_masked instead of not at all.
            Scenario scenario = ReaderBench.Scenario(1500);
            scenario.AddDevice(ReaderBench.At(ShortPanCard(), 200, 900));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            board.Run();
            ReaderBench.Drain(board);

            Assert.AreEqual(0, board.Reader.RefusedRecords);
            Assert.AreEqual(0, ReaderBench.Records(board, MessageType.Error).Count);
            ArrayList transactions = ReaderBench.Records(board, MessageType.Transaction);
            Assert.AreEqual(1, transactions.Count);
            TransactionRecord record = (TransactionRecord)transactions[0];
            Assert.AreEqual("ok", record.Outcome);
            Assert.IsNull(record.PanMasked);
            Assert.AreEqual("3F1E5D70", ReaderBench.Hex(record.Uid));
            Assert.AreEqual("0400", ReaderBench.Hex(record.Atqa));
            Assert.AreEqual(0x20, record.Sak);
            Assert.AreEqual("0A688202C1050F0C7B6A", ReaderBench.Hex(record.Ats));
            Assert.AreEqual("A0000000041010", ReaderBench.Hex(record.Aid));
            Assert.AreEqual("MASTERCARD", record.ApplicationLabel);
            Assert.AreEqual("2912", record.Expiry);
            EnumAssert.AreEqual(CredentialKind.Card, record.Credential);
            Assert.AreEqual(7, record.ApplicationTransactionCounter);
            Assert.AreEqual(0x9000, record.LastStatusWord);
            Assert.IsTrue(record.Timings.Count >= 6);

            // Neither the digits nor the all-'*' form reach the UART.
            byte[] uart = board.Uart.Transmitted();
            Assert.IsFalse(HostLinkTestData.ContainsSequence(uart, uart.Length, SampleCards.Hex("5413330089")));
            Assert.IsFalse(HostLinkTestData.ContainsSequence(uart, uart.Length, SampleCards.Ascii("54133300890")));
            Assert.IsFalse(HostLinkTestData.ContainsSequence(uart, uart.Length, SampleCards.Ascii("***********")));
        }

        // ---- devices ----

        private const int DeviceCount = 4;

        private static string DeviceName(int device)
        {
            switch (device)
            {
                case 0: return "iPhone (Apple Pay, Visa)";
                case 1: return "Visa";
                case 2: return "Mastercard";
                default: return "UnionPay";
            }
        }

        private static ScenarioDevice Device(int device)
        {
            switch (device)
            {
                case 0: return SampleCards.ApplePayVisa();
                case 1: return SampleCards.VisaCard();
                case 2: return SampleCards.Mastercard();
                default: return SampleCards.UnionPayDualApplication();
            }
        }

        /// <summary>The PANs of the sample devices (BCD as in 5A/57).</summary>
        private static readonly string[] Pans = new string[] { "4642352851503640", "4761739001010010", "5413330089010012", "6212345678901234" };

        /// <summary>Presentation <paramref name="index"/> while the host is away: the four cards and an RF-SIM phone
        /// in turn, each with its own identity.</summary>
        private static ScenarioDevice Presented(int index, long arrive, long leave)
        {
            ScenarioDevice device = index % 5 == 4 ? ReaderBench.RfSimPeer((byte)index, true) : Device(index % 5);
            if (device.Interface == DeviceInterface.Nfc)
            {
                device.Uid = new byte[] { 0x08, (byte)(index >> 8), (byte)index, 0x5A };
                device.Atqa = new byte[] { 0x04, 0x00 };
            }

            device.ArriveMicroseconds = arrive;
            device.LeaveMicroseconds = leave;
            return device;
        }

        /// <summary>The Mastercard with an 11-digit PAN in its record (5A 54133300890F) and no track 1.</summary>
        private static ScenarioDevice ShortPanCard()
        {
            ScenarioDevice device = SampleCards.NfcDevice("3F1E5D70", "0400", 0x20, "0A" + "68" + "82" + "02" + "C1050F0C7B6A");
            byte[] aid = SampleCards.Hex("A0000000041010");
            SampleCards.Add(device, SampleCards.SelectPpse, SampleCards.Hex(SampleCards.Fci(SampleCards.Ascii("2PAY.SYS.DDF01"), SampleCards.Tlv(0xA5, SampleCards.Tlv(0xBF0C, SampleCards.Tlv(0x61, SampleCards.Concat(SampleCards.Tlv(0x4F, aid), SampleCards.Tlv(0x50, SampleCards.Ascii("MASTERCARD")), SampleCards.Tlv(0x87, SampleCards.Hex("01")))))))) + "9000", 1000);
            SampleCards.Add(device, "00A4040007A0000000041010", SampleCards.Hex(SampleCards.Fci(aid, SampleCards.Tlv(0xA5, SampleCards.Tlv(0x50, SampleCards.Ascii("MASTERCARD"))))) + "9000", 1800);
            SampleCards.Add(device, "80A8000002830000", SampleCards.Hex(SampleCards.Tlv(0x80, SampleCards.Hex("1980" + "10010100"))) + "9000", 8000);
            SampleCards.Add(device, "00B20114", SampleCards.Hex(SampleCards.Record(SampleCards.Concat(SampleCards.Tlv(0x5A, SampleCards.Hex("54133300890F")), SampleCards.Tlv(0x5F24, SampleCards.Hex("291231")), SampleCards.Tlv(0x5F20, SampleCards.Ascii("SMITH/J"))))) + "9000", 2000);
            SampleCards.Add(device, "80CA9F36", "9F36020007" + "9000", 1000);
            SampleCards.Add(device, "80CA9F13", "9F13020005" + "9000", 1000);
            device.DefaultResponse = new byte[] { 0x6A, 0x88 };
            return device;
        }

        /// <summary>
        /// A board with sample device <paramref name="device"/> arriving at 150 ms (between two polls) and staying.
        /// Frames the PCD sends from then until the transaction is finished are counted; with
        /// <paramref name="removeAfter"/> at least 0 the card answers that frame and is gone from the next one.
        /// </summary>
        private static SimulatedReaderBoard RemovalBoard(int device, int removeAfter, ArrayList frames)
        {
            Scenario scenario = ReaderBench.Scenario(2000);
            scenario.AddDevice(ReaderBench.At(Device(device), 150, -1));
            SimulatedReaderBoard board = new SimulatedReaderBoard(scenario);
            VirtualPicc picc = (VirtualPicc)board.Piccs[0];
            int seen = 0;
            board.Nfc.Field.Filter = delegate (AirFrame request, AirFrame answer, int answers)
            {
                if (board.Clock.Now >= picc.ArriveMicroseconds && board.Reader.TransactionCount == 0 && board.Clock.Now < picc.LeaveMicroseconds)
                {
                    if (frames != null)
                    {
                        byte[] bytes = new byte[request.ByteCount];
                        System.Array.Copy(request.Data, bytes, bytes.Length);
                        frames.Add(bytes);
                    }

                    if (seen == removeAfter)
                    {
                        picc.LeaveMicroseconds = board.Clock.Now + 1;
                    }

                    seen++;
                }

                return answers;
            };
            board.Start();
            return board;
        }

        /// <summary>The records (deduplicated) about the first presentation: everything after the status record
        /// and before the next transaction of the follow-up card.</summary>
        private static ArrayList Presentation(SimulatedReaderBoard board)
        {
            Hashtable delivered = Deliver(board);
            ArrayList result = new ArrayList();
            for (uint sequence = 1; sequence < board.Reader.Queue.NextSequence; sequence++)
            {
                HostLinkMessage message = (HostLinkMessage)delivered[sequence];
                if (message != null && message.Type != MessageType.Status)
                {
                    result.Add(message);
                    break;
                }
            }

            if (result.Count == 0)
            {
                return result;
            }

            // Anything else before the follow-up card would be a second record for the same presentation.
            for (uint sequence = 1; sequence < board.Reader.Queue.NextSequence; sequence++)
            {
                HostLinkMessage message = (HostLinkMessage)delivered[sequence];
                if (message != null && message != result[0] && message.Type != MessageType.Status && !IsFollowUp(message))
                {
                    result.Add(message);
                }
            }

            return result;
        }

        private static bool IsFollowUp(HostLinkMessage message)
        {
            TransactionRecord record = message as TransactionRecord;
            return record != null && ReaderBench.Hex(record.Uid) == "08556677";
        }

        // ---- host side ----

        /// <summary>
        /// What the host's application layer gets: one record per sequence number, resends dropped. A lost record
        /// sent again with a larger count supersedes the earlier one; any other number seen twice must be the same
        /// record again (a resend), never a different one.
        /// </summary>
        private static Hashtable Deliver(SimulatedReaderBoard board)
        {
            Hashtable delivered = new Hashtable();
            for (int index = 0; index < board.Host.Records.Count; index++)
            {
                HostLinkMessage message = (HostLinkMessage)board.Host.Records[index];
                HostLinkMessage earlier = (HostLinkMessage)delivered[message.Sequence];
                if (earlier == null || message is LostRecord)
                {
                    delivered[message.Sequence] = message;
                    continue;
                }

                EnumAssert.AreEqual(earlier.Type, message.Type, "two records with sequence " + message.Sequence);
                if (message is TransactionRecord)
                {
                    Assert.AreEqual(((TransactionRecord)earlier).TimeMicroseconds, ((TransactionRecord)message).TimeMicroseconds, "two transactions with sequence " + message.Sequence);
                }
            }

            // No record twice under two numbers: every transaction started at its own time.
            Hashtable starts = new Hashtable();
            foreach (object key in delivered.Keys)
            {
                TransactionRecord record = delivered[key] as TransactionRecord;
                if (record != null)
                {
                    Assert.IsFalse(starts.Contains(record.TimeMicroseconds), "transaction delivered twice");
                    starts[record.TimeMicroseconds] = true;
                }
            }

            return delivered;
        }

        /// <summary>
        /// The PICC's answers to anticollision and SELECT (SEL codes 93, 95, 97 of cascade levels 1..3, ISO/IEC 14443-3
        /// 6.5.3.2) vanish on air before <paramref name="untilMicroseconds"/>; element 0 of the result counts them.
        /// </summary>
        private static int[] SilenceAnticollision(SimulatedReaderBoard board, long untilMicroseconds)
        {
            int[] silenced = new int[1];
            board.Nfc.Field.Filter = delegate (AirFrame request, AirFrame answer, int answers)
            {
                byte command = request.Data[0];
                if (board.Clock.Now < untilMicroseconds && answers > 0 && (command == 0x93 || command == 0x95 || command == 0x97))
                {
                    silenced[0]++;
                    return 0;
                }

                return answers;
            };
            return silenced;
        }

        /// <summary>The lost record the host received last (the newest count), or null.</summary>
        private static LostRecord LatestLost(SimulatedReaderBoard board)
        {
            LostRecord latest = null;
            for (int index = 0; index < board.Host.Records.Count; index++)
            {
                LostRecord lost = board.Host.Records[index] as LostRecord;
                if (lost != null)
                {
                    latest = lost;
                }
            }

            return latest;
        }

        /// <summary>Every number the reader gave out was received, or lies inside the range of a received lost
        /// record (whichever numbering the lost records use).</summary>
        private static void AssertEveryNumberHeld(SimulatedReaderBoard board, Hashtable delivered)
        {
            ArrayList lost = new ArrayList();
            foreach (object key in delivered.Keys)
            {
                if (delivered[key] is LostRecord)
                {
                    lost.Add(delivered[key]);
                }
            }

            for (int index = 0; index < board.Host.Records.Count; index++)
            {
                if (board.Host.Records[index] is LostRecord)
                {
                    lost.Add(board.Host.Records[index]);
                }
            }

            uint next = board.Reader.Queue.NextSequence;
            for (uint sequence = 0; sequence < next; sequence++)
            {
                bool held = delivered.Contains(sequence);
                for (int index = 0; !held && index < lost.Count; index++)
                {
                    LostRecord record = (LostRecord)lost[index];
                    held = sequence >= record.FirstSequence && sequence <= record.LastSequence;
                }

                Assert.IsTrue(held, "sequence " + sequence + " of " + next + " neither received nor reported lost");
            }

            foreach (object key in delivered.Keys)
            {
                Assert.IsTrue((uint)key < next, "sequence " + (uint)key + " never given out");
            }
        }

        private static int TransactionsIn(Hashtable delivered, long from, long to)
        {
            int found = 0;
            foreach (object key in delivered.Keys)
            {
                TransactionRecord record = delivered[key] as TransactionRecord;
                if (record != null && record.TimeMicroseconds >= from && record.TimeMicroseconds < to)
                {
                    found++;
                }
            }

            return found;
        }

        /// <summary>Runs reader cycles until <paramref name="end"/>, checking the ring bound after each; returns the
        /// longest cycle (reader time).</summary>
        private static long RunChecked(SimulatedReaderBoard board, long end)
        {
            long longest = 0;
            while (board.Clock.Now < end)
            {
                long start = board.Clock.Now;
                board.Reader.RunCycle();
                long cycle = board.Clock.Now - start;
                longest = cycle > longest ? cycle : longest;
                Assert.IsTrue(board.Reader.Queue.Count <= board.Reader.Queue.Capacity);
            }

            return longest;
        }

        private static void AssertNoPan(SimulatedReaderBoard board, string where)
        {
            byte[] uart = board.Uart.Transmitted();
            ArrayList sequences = PanSequences();
            for (int index = 0; index < sequences.Count; index++)
            {
                Assert.IsFalse(HostLinkTestData.ContainsSequence(uart, uart.Length, (byte[])sequences[index]), where);
            }
        }

        /// <summary>Every test PAN as BCD (as in tag 5A) and as ASCII digits.</summary>
        private static ArrayList PanSequences()
        {
            ArrayList sequences = new ArrayList();
            for (int index = 0; index < Pans.Length; index++)
            {
                sequences.Add(SampleCards.Hex(Pans[index]));
                sequences.Add(SampleCards.Ascii(Pans[index]));
            }

            return sequences;
        }
    }
}
