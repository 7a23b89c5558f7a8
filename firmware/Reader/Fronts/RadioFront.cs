using DualReader.Firmware.Apdu;
using DualReader.Firmware.HostLink;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// One radio as the reader's scheduler sees it: initialise its chip, check the chip still answers, poll for a
    /// device, read it into a record, check whether it is still there, release the radio, and hold a device for
    /// the host's pass-through session. The scheduler (<see cref="ReaderApplication"/>) treats every front alike;
    /// what a radio does to find and read a device lives in its front (<see cref="NfcFront"/>,
    /// <see cref="RfSimFront"/>), and a new card family or radio is a change there, not in the scheduler.
    /// </summary>
    public abstract class RadioFront
    {
        /// <summary>The monotonic clock.</summary>
        protected readonly IClock clock;

        /// <summary>The reader's configuration (poll periods, read depth, trace).</summary>
        protected readonly ReaderConfiguration configuration;

        /// <summary>Where the front's error records go.</summary>
        protected readonly RecordOutbox outbox;

        /// <summary>Builds a front for <paramref name="radio"/>, whose chip is called <paramref name="chipName"/> in error records.</summary>
        protected RadioFront(ReaderInterface radio, string name, string chipName, IClock clock, ReaderConfiguration configuration, RecordOutbox outbox)
        {
            Radio = radio;
            Name = name;
            ChipName = chipName;
            this.clock = clock;
            this.configuration = configuration;
            this.outbox = outbox;
        }

        /// <summary>The interface records of this radio carry.</summary>
        public ReaderInterface Radio { get; private set; }

        /// <summary>The radio's name in error details ("nfc", "rfsim").</summary>
        public string Name { get; private set; }

        /// <summary>The chip's name in error details.</summary>
        public string ChipName { get; private set; }

        /// <summary>What the reader knows of the chip.</summary>
        public ChipHealth Health { get; protected set; }

        /// <summary>Polls (NFC: field on and WUPA; RF-SIM: beacon windows) since start-up, removal checks included.</summary>
        public int Polls { get; protected set; }

        /// <summary>True while the reader waits for the device of the last read to leave.</summary>
        public bool WaitingForRemoval
        {
            get { return AwaitingRemoval; }
        }

        // Scheduling state, kept per front: changed by the scheduler, the host service and the front's own removal
        // check and recovery below.

        /// <summary>False once the chip failed to start or was given up.</summary>
        internal bool Usable;

        /// <summary>Re-initialisations in a row since the last good poll.</summary>
        internal int Recoveries;

        /// <summary>When the next poll (or removal check) is due (µs).</summary>
        internal long NextPoll;

        /// <summary>True while the reader waits for the device of the last read to leave.</summary>
        internal bool AwaitingRemoval;

        /// <summary>Removal checks in a row that found nobody.</summary>
        internal int Misses;

        /// <summary>The configured poll period (µs).</summary>
        public abstract long PollPeriodMicroseconds { get; }

        /// <summary>Initialises the chip; false (and, outside a <paramref name="recovery"/>, an error record) when it
        /// is missing or not what it claims to be.</summary>
        public abstract bool Initialize(bool recovery);

        /// <summary>One register read that tells a chip which fell off the bus or lost power (watchdog).</summary>
        public abstract bool ChipAnswers();

        /// <summary>Looks for a device; on <see cref="PollResult.Device"/> it is activated and held for <see cref="Read"/>.</summary>
        public abstract PollResult Poll();

        /// <summary>When the last poll began (µs): the time of its transaction or collision record.</summary>
        public abstract long PollStartMicroseconds { get; }

        /// <summary>Reads the device the last poll found into <paramref name="record"/> and lets it go.</summary>
        public abstract ReadOutcome Read(TransactionRecord record, TransactionRecordBuilder builder);

        /// <summary>Looks whether a device is still in range (after a read, until it leaves).</summary>
        public abstract PresenceResult CheckPresence();

        /// <summary>Turns the radio off and forgets any device.</summary>
        public abstract void Release();

        /// <summary>Activates a device for a pass-through session; <paramref name="acceptStorage"/> also holds a
        /// card without an APDU layer.</summary>
        public abstract bool OpenSession(bool acceptStorage);

        /// <summary>The session device's APDU channel, or null when it has none (a storage card).</summary>
        public abstract IApduChannel SessionChannel { get; }

        /// <summary>Puts the session device's identity into <paramref name="record"/>.</summary>
        public abstract void DescribeSession(PassThroughResponseRecord record);

        /// <summary>True when the session device is still there.</summary>
        public abstract bool SessionPresent();

        /// <summary>Ends the session and lets the device go.</summary>
        public abstract void CloseSession();

        /// <summary>Puts the chip's health (and version) into <paramref name="status"/>.</summary>
        public abstract void DescribeChip(StatusRecord status);

        /// <summary>Starts waiting for the device to leave: the next check is one poll period from now.</summary>
        internal void BeginRemoval()
        {
            AwaitingRemoval = true;
            Misses = 0;
            NextPoll = clock.GetMicroseconds() + PollPeriodMicroseconds;
        }

        /// <summary>
        /// One check whether the device of the last read is still there: it counts as gone after
        /// <paramref name="removalChecks"/> checks in a row that found nobody (README, "How the reader behaves").
        /// </summary>
        internal void CheckRemoval(RecordOutbox records, int removalChecks, int maximumRecoveries)
        {
            if (!Usable)
            {
                AwaitingRemoval = false;
                return;
            }

            if (!ChipAnswers())
            {
                Recover(records, maximumRecoveries);
                return;
            }

            PresenceResult presence = CheckPresence();
            NextPoll = clock.GetMicroseconds() + PollPeriodMicroseconds;
            if (presence == PresenceResult.ChipError)
            {
                Recover(records, maximumRecoveries);
            }
            else if (presence == PresenceResult.Absent)
            {
                Misses++;
                if (Misses >= removalChecks)
                {
                    AwaitingRemoval = false;
                }
            }
            else
            {
                Misses = 0;
            }
        }

        /// <summary>
        /// Watchdog-style recovery of a chip that failed an exchange or its register check: re-initialised, at most
        /// <paramref name="maximumRecoveries"/> times in a row (a good poll resets the count); then it is left off
        /// until a reset and the other radios go on alone. Each step is an error record.
        /// </summary>
        internal void Recover(RecordOutbox records, int maximumRecoveries)
        {
            Release();
            Recoveries++;
            if (Recoveries > maximumRecoveries)
            {
                Usable = false;
                Health = ChipHealth.Unresponsive;
                AwaitingRemoval = false;
                records.Report(Radio, ReaderError.ChipFailed, ChipName + " stopped answering; its radio is off until a reset");
                return;
            }

            records.Report(Radio, ReaderError.ChipError, ChipName + " stopped answering; re-initialising (attempt " + Recoveries.ToString() + " of " + maximumRecoveries.ToString() + ")");
            if (Initialize(true))
            {
                records.Report(Radio, ReaderError.ChipRecovered, ChipName + " re-initialised");
            }
        }
    }
}
