using System;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Nrf24;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// The reader application: a small scheduler over one <see cref="RadioFront"/> per radio. It polls the fronts in
    /// time slices, runs at most one transaction per cycle (a <see cref="TransactionRecordBuilder"/> turns the read
    /// into a record), waits for the device to leave, keeps the chips alive, and lets the
    /// <see cref="HostCommandService"/> serve the host. <see cref="RunCycle"/> runs one bounded step; the device's
    /// Program.Main and the simulation call it in a loop. Timing and arbitration rules: firmware/Reader/README.md.
    /// </summary>
    public sealed class ReaderApplication
    {
        /// <summary>The firmware name and version in status records.</summary>
        public const string FirmwareVersion = "dualreader-firmware 0.1";

        /// <summary>Consecutive unanswered presence checks after which a device counts as gone.</summary>
        public const int RemovalChecks = 3;

        /// <summary>Records kept until acknowledged (in the queue's 6 KiB store: see <see cref="RecordQueue"/>).</summary>
        public const int DefaultQueueCapacity = 16;

        /// <summary>An unacknowledged record is sent again after this long (µs).</summary>
        public const long DefaultResendTimeoutMicroseconds = 1000000;

        /// <summary>Re-initialisations of a chip that stopped answering before it is given up (until a reset).</summary>
        public const int MaximumRecoveries = 3;

        /// <summary>Longest sleep of one idle cycle, so host commands are served within this (µs).</summary>
        public const int MaximumIdleMicroseconds = 20000;

        private readonly IClock clock;
        private readonly ReaderConfiguration configuration = new ReaderConfiguration();
        private readonly TerminalData terminal = new TerminalData();
        private readonly RecordQueue queue;
        private readonly RecordOutbox outbox;
        private readonly TransactionRecordBuilder records;
        private readonly HostCommandService host;
        private readonly NfcFront nfc;
        private readonly RfSimFront rfSim;

        // In priority order: when several fronts find a device in one cycle, the first one's is read. Polled in the
        // reverse order: the RF-SIM beacon window first, because an attached peer waits out the short NFC poll with
        // its session open, whereas a PICC found first would wait out the whole window before its transaction. All
        // are scheduled from the cycle's start, so equal periods keep them in one cycle.
        private readonly RadioFront[] fronts;
        private readonly PollResult[] found;
        private bool started;

        // The earliest poll due when the last cycle went to sleep, while no front awaited removal: a cycle that wakes
        // before it (the idle sleep is capped at MaximumIdleMicroseconds, a fifth of the default poll period) and has
        // no host command to serve has nothing to do. Three of every four idle cycles are such cycles, so this test
        // is what they cost on the interpreter instead of the loops over the fronts.
        private long earliestDue = long.MinValue;

        /// <summary>
        /// Builds the application on the two chip drivers (either may be null when not fitted), the host UART and
        /// the monotonic clock. <paramref name="preSharedKey"/> (16 bytes) and <paramref name="readerIdentity"/>
        /// (4 bytes) are the RF-SIM link's (firmware/RfSim/PROTOCOL.md 6); <paramref name="nonces"/> and
        /// <paramref name="random"/> supply the link nonces and EMV 9F37.
        /// </summary>
        public ReaderApplication(Mfrc522.Mfrc522 mfrc522, Nrf24Driver nrf24, ISerialPort hostPort, IClock clock, byte[] preSharedKey, byte[] readerIdentity, IRandomSource nonces, IRandomSource random, int queueCapacity)
            : this(mfrc522, nrf24, hostPort, clock, preSharedKey, readerIdentity, nonces, random, queueCapacity, RecordQueue.FullSlotLength)
        {
        }

        /// <summary>
        /// As above, with <paramref name="slotLength"/> bytes per queue slot (heap versus record size: a record that
        /// does not fit a slot is refused by the queue and reported as an error record <c>record_refused</c>).
        /// </summary>
        public ReaderApplication(Mfrc522.Mfrc522 mfrc522, Nrf24Driver nrf24, ISerialPort hostPort, IClock clock, byte[] preSharedKey, byte[] readerIdentity, IRandomSource nonces, IRandomSource random, int queueCapacity, int slotLength)
        {
            if (hostPort == null || clock == null || nonces == null || random == null)
            {
                throw new ArgumentNullException(hostPort == null ? "hostPort" : clock == null ? "clock" : nonces == null ? "nonces" : "random");
            }

            this.clock = clock;
            queue = new RecordQueue(clock, hostPort, queueCapacity, slotLength, DefaultResendTimeoutMicroseconds);
            outbox = new RecordOutbox(queue, clock);
            records = new TransactionRecordBuilder(clock, configuration, outbox, terminal, random);
            nfc = new NfcFront(mfrc522, clock, configuration, outbox);
            rfSim = new RfSimFront(nrf24, clock, configuration, outbox, preSharedKey, readerIdentity, nonces);
            fronts = new RadioFront[] { nfc, rfSim };
            found = new PollResult[fronts.Length];
            host = new HostCommandService(new HostCommandReceiver(hostPort, queue), configuration, terminal, outbox, clock, fronts, FirmwareVersion);
        }

        /// <summary>The configuration the host can change (RAM only: a reset restores the defaults).</summary>
        public ReaderConfiguration Configuration
        {
            get { return configuration; }
        }

        /// <summary>The record queue to the host.</summary>
        public RecordQueue Queue
        {
            get { return queue; }
        }

        /// <summary>The terminal data of the PDOL (defaults, overridden by the host's pdol.* entries).</summary>
        public TerminalData Terminal
        {
            get { return terminal; }
        }

        /// <summary>The 13.56 MHz radio.</summary>
        public NfcFront Nfc
        {
            get { return nfc; }
        }

        /// <summary>The 2.4 GHz RF-SIM radio.</summary>
        public RfSimFront RfSim
        {
            get { return rfSim; }
        }

        /// <summary>Transaction records produced since start-up (collisions included).</summary>
        public int TransactionCount
        {
            get { return records.TransactionCount; }
        }

        /// <summary>Records the encoder refused since start-up (see <see cref="RecordOutbox.RefusedRecords"/>).</summary>
        public int RefusedRecords
        {
            get { return outbox.RefusedRecords; }
        }

        /// <summary>True while a pass-through session holds a device (polling is suspended).</summary>
        public bool PassThroughActive
        {
            get { return host.SessionOpen; }
        }

        /// <summary>
        /// Start-up self-test: initialises every chip; a missing or fake chip is reported (status record and error
        /// record) and the other radios keep working. Always ends with a status record.
        /// </summary>
        public void Start()
        {
            started = true;
            for (int index = 0; index < fronts.Length; index++)
            {
                fronts[index].Usable = fronts[index].Initialize(false);
            }

            long now = clock.GetMicroseconds();
            for (int index = 0; index < fronts.Length; index++)
            {
                fronts[index].NextPoll = now;
            }

            host.SendStatus();
            queue.Service();
        }

        /// <summary>
        /// One bounded step of the main loop: serves the host, then polls the radios that are due (or checks whether
        /// the last device left), runs at most one transaction, sends what the record queue holds, and sleeps until
        /// the next poll is due (at most <see cref="MaximumIdleMicroseconds"/>).
        /// </summary>
        public void RunCycle()
        {
            if (!started)
            {
                throw new InvalidOperationException("Start was not called");
            }

            bool served = host.Service();
            long now = clock.GetMicroseconds();
            if (!served && now < earliestDue)
            {
                queue.Service();
                SleepUntil(earliestDue);
                return;
            }

            if (host.SessionOpen)
            {
                host.CloseIdleSession(now);
            }
            else if (AnyAwaitingRemoval())
            {
                CheckRemoval(now);
            }
            else
            {
                Poll(now);
            }

            queue.Service();
            Sleep();
        }

        private void Poll(long now)
        {
            int present = 0;
            bool anything = false;

            // Whether a front is due depends on its own state only, which no other front's poll changes.
            for (int index = fronts.Length - 1; index >= 0; index--)
            {
                RadioFront front = fronts[index];
                found[index] = PollResult.Nothing;
                if (!front.Usable || now < front.NextPoll)
                {
                    continue;
                }

                front.NextPoll = now + front.PollPeriodMicroseconds;
                PollResult result = PollResult.Nothing;
                if (!front.ChipAnswers())
                {
                    front.Recover(outbox, MaximumRecoveries);
                }
                else
                {
                    result = front.Poll();
                    if (result == PollResult.ChipError)
                    {
                        front.Recover(outbox, MaximumRecoveries);
                        result = PollResult.Nothing;
                    }
                }

                found[index] = result;
                if (result == PollResult.Device || result == PollResult.Collision)
                {
                    present++;
                }

                anything |= result != PollResult.Nothing;
            }

            if (!anything)
            {
                return;
            }

            if (present > 1)
            {
                // Devices on several radios in the same cycle: which one the holder meant is unknowable; no transaction.
                string names = string.Empty;
                for (int index = 0; index < fronts.Length; index++)
                {
                    if (found[index] == PollResult.Device || found[index] == PollResult.Collision)
                    {
                        fronts[index].Release();
                        names += (names.Length > 0 ? " and " : string.Empty) + fronts[index].Name;
                    }
                }

                outbox.ReportAt(ReaderInterface.Unspecified, ReaderError.Collision, "devices on " + names + " in the same poll cycle", now);
                for (int index = 0; index < fronts.Length; index++)
                {
                    if (found[index] == PollResult.Device || found[index] == PollResult.Collision)
                    {
                        fronts[index].BeginRemoval();
                    }
                }

                return;
            }

            for (int index = 0; index < fronts.Length; index++)
            {
                RadioFront front = fronts[index];
                PollResult result = found[index];
                if (result == PollResult.Device)
                {
                    TransactionRecord record = records.Begin(front.Radio, front.PollStartMicroseconds);
                    ReadOutcome outcome = front.Read(record, records);
                    records.Finish(record, outcome);
                    if (outcome == ReadOutcome.ChipError)
                    {
                        front.Recover(outbox, MaximumRecoveries);
                    }
                }
                else if (result == PollResult.Collision)
                {
                    front.Release();
                    records.Collision(front.Radio, front.PollStartMicroseconds);
                }
                else if (result != PollResult.Refused)
                {
                    continue;
                }

                front.BeginRemoval();
                return;
            }
        }

        private bool AnyAwaitingRemoval()
        {
            for (int index = 0; index < fronts.Length; index++)
            {
                if (fronts[index].AwaitingRemoval)
                {
                    return true;
                }
            }

            return false;
        }

        private void CheckRemoval(long now)
        {
            for (int index = 0; index < fronts.Length; index++)
            {
                if (fronts[index].AwaitingRemoval && now >= fronts[index].NextPoll)
                {
                    fronts[index].CheckRemoval(outbox, RemovalChecks, MaximumRecoveries);
                }
            }
        }

        private void Sleep()
        {
            earliestDue = long.MinValue;
            long earliest = long.MaxValue;
            if (!host.SessionOpen)
            {
                // While a device is awaited to leave, only the fronts waiting for theirs are due.
                bool removal = AnyAwaitingRemoval();
                for (int index = 0; index < fronts.Length; index++)
                {
                    RadioFront front = fronts[index];
                    if (front.Usable && (!removal || front.AwaitingRemoval) && front.NextPoll < earliest)
                    {
                        earliest = front.NextPoll;
                    }
                }

                // Only an idle reader skips cycles: removal checks and recoveries keep the full cycle.
                earliestDue = removal ? long.MinValue : earliest;
            }

            SleepUntil(earliest);
        }

        /// <summary>Sleeps until <paramref name="due"/>, at most <see cref="MaximumIdleMicroseconds"/>.</summary>
        private void SleepUntil(long due)
        {
            long now = clock.GetMicroseconds();
            long next = now + MaximumIdleMicroseconds;
            if (due < next)
            {
                next = due;
            }

            if (next > now)
            {
                clock.Delay((int)(next - now));
            }
        }
    }
}
