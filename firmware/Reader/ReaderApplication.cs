using System;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Firmware.Mfrc522;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.RfSim;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// The reader application: polls the 13.56 MHz and the 2.4 GHz radio in time slices, reads what is presented
    /// with the same <see cref="EmvReader"/> over ISO-DEP or the RF-SIM link, turns each read into a
    /// <see cref="TransactionRecord"/> on the <see cref="RecordQueue"/>, serves the host (acknowledgements,
    /// configuration, status, APDU pass-through) and keeps both chips alive. <see cref="RunCycle"/> runs one bounded
    /// step; the device's Program.Main and the simulation call it in a loop. Timing and arbitration rules:
    /// firmware/Reader/README.md.
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

        /// <summary>A pass-through session without commands for this long is closed and polling resumes (µs).</summary>
        public const long PassThroughIdleMicroseconds = 2000000;

        /// <summary>
        /// How long the field stays off when a pass-through session is reset, so the PICC loses power and starts cold
        /// (EMV Contactless Book D, tRESET: at least 5.1 ms).
        /// </summary>
        public const int FieldResetMicroseconds = 5100;

        private const int ResponseBufferLength = 1024;

        private readonly Mfrc522.Mfrc522 mfrc522;
        private readonly Nrf24Driver nrf24;
        private readonly IClock clock;
        private readonly ReaderConfiguration configuration = new ReaderConfiguration();
        private readonly TerminalData terminal = new TerminalData();
        private readonly RecordQueue queue;
        private readonly HostCommandReceiver receiver;
        private readonly FrameCapture capture;
        private readonly TypeAActivation activation;
        private readonly IsoDepTransport isoDep;
        private readonly RfSimReader rfSim;
        private readonly ApduRecorder recorder;
        private readonly EmvReader emv;
        private readonly PiccIdentity identity = new PiccIdentity();
        private readonly TransactionSummary summary = new TransactionSummary();
        private readonly byte[] passThroughResponse = new byte[ResponseBufferLength];
        private readonly byte[] passThroughAnswerToSelect = new byte[AnswerToSelect.MaximumLength];
        private readonly byte[] scratch = new byte[AnswerToSelect.MaximumLength];
        private readonly ErrorRecord error = new ErrorRecord();
        private readonly StatusRecord status = new StatusRecord();
        private readonly ConfigurationResultRecord configurationResult = new ConfigurationResultRecord();
        private readonly FrameTraceRecord frameTrace = new FrameTraceRecord();
        private readonly PassThroughResponseRecord passThroughRecord = new PassThroughResponseRecord();

        private bool nfcUsable;
        private bool rfSimUsable;
        private int nfcRecoveries;
        private int rfSimRecoveries;
        private long nextNfcPoll;
        private long nextRfSimPoll;
        private bool awaitingNfcRemoval;
        private bool awaitingRfSimRemoval;
        private int nfcMisses;
        private bool nfcBreakOffPending;
        private long nfcBreakOffAt;
        private int nfcEmptyPolls;
        private int rfSimMisses;
        private long pollStart;
        private long activationMicroseconds;
        private long pollStartRfSim;
        private long rfSimActivationMicroseconds;
        private ReaderInterface passThroughInterface = ReaderInterface.Unspecified;
        private long passThroughLastUse;
        // True while the NFC session holds a PICC without ISO/IEC 14443-4 (SAK b6 = 0: a storage card such as MIFARE),
        // opened by a session command only; APDUs cannot reach it.
        private bool passThroughStorage;
        private bool started;

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

            this.mfrc522 = mfrc522;
            this.nrf24 = nrf24;
            this.clock = clock;
            queue = new RecordQueue(clock, hostPort, queueCapacity, slotLength, DefaultResendTimeoutMicroseconds);
            receiver = new HostCommandReceiver(hostPort, queue);
            recorder = new ApduRecorder(clock);
            emv = new EmvReader(recorder, terminal, random, clock);
            if (mfrc522 != null)
            {
                capture = new FrameCapture(mfrc522, mfrc522, clock);
                activation = new TypeAActivation(capture);
                isoDep = new IsoDepTransport(capture, clock);
            }

            if (nrf24 != null)
            {
                rfSim = new RfSimReader(nrf24, clock, preSharedKey, readerIdentity, nonces);
            }

            NfcHealth = mfrc522 == null ? "missing" : "unknown";
            RfSimHealth = nrf24 == null ? "missing" : "unknown";
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

        /// <summary>The host command receiver.</summary>
        public HostCommandReceiver Receiver
        {
            get { return receiver; }
        }

        /// <summary>The terminal data of the PDOL (defaults, overridden by the host's pdol.* entries).</summary>
        public TerminalData Terminal
        {
            get { return terminal; }
        }

        /// <summary>MFRC522 health: ok, missing, fake, unresponsive.</summary>
        public string NfcHealth { get; private set; }

        /// <summary>nRF24L01+ health: ok, missing, unresponsive.</summary>
        public string RfSimHealth { get; private set; }

        /// <summary>True while the reader waits for the device of the last NFC read to leave.</summary>
        public bool AwaitingNfcRemoval
        {
            get { return awaitingNfcRemoval; }
        }

        /// <summary>True while the reader waits for the RF-SIM peer of the last read to leave.</summary>
        public bool AwaitingRfSimRemoval
        {
            get { return awaitingRfSimRemoval; }
        }

        /// <summary>Transaction records produced since start-up (collisions included).</summary>
        public int TransactionCount { get; private set; }

        /// <summary>Records the encoder refused since start-up (each one reported by a <c>record_refused</c> error
        /// record, or, when that error record is refused too, only counted here).</summary>
        public int RefusedRecords { get; private set; }

        /// <summary>NFC polls (field on, WUPA) since start-up, removal checks included.</summary>
        public int NfcPolls { get; private set; }

        /// <summary>RF-SIM beacon windows since start-up, removal checks included.</summary>
        public int RfSimWindows { get; private set; }

        /// <summary>
        /// Start-up self-test: initialises both chips; a missing or fake chip is reported (status record and error
        /// record) and the other radio keeps working. Always ends with a status record.
        /// </summary>
        public void Start()
        {
            started = true;
            nfcUsable = false;
            rfSimUsable = false;
            if (mfrc522 != null)
            {
                nfcUsable = InitializeNfc(false);
            }
            else
            {
                Report(ReaderInterface.Nfc, "chip_missing", "no MFRC522 configured");
            }

            if (nrf24 != null)
            {
                rfSimUsable = InitializeRfSim(false);
            }
            else
            {
                Report(ReaderInterface.RfSim, "chip_missing", "no nRF24L01+ configured");
            }

            long now = clock.GetMicroseconds();
            nextNfcPoll = now;
            nextRfSimPoll = now;
            EnqueueStatus();
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

            ServiceHost();
            long now = clock.GetMicroseconds();
            if (passThroughInterface != ReaderInterface.Unspecified)
            {
                if (now - passThroughLastUse >= PassThroughIdleMicroseconds)
                {
                    ClosePassThrough();
                }
            }
            else if (awaitingNfcRemoval || awaitingRfSimRemoval)
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
            PollResult nfc = PollResult.Nothing;
            PollResult radio = PollResult.Nothing;
            long start = now;
            bool nfcDue = nfcUsable && now >= nextNfcPoll;
            bool rfSimDue = rfSimUsable && now >= nextRfSimPoll;
            // The beacon window first: an attached peer waits out the short NFC poll (about 8 ms) with its session
            // open, whereas a PICC found first would wait out the whole window (about 24 ms) before its transaction.
            // Both are scheduled from the cycle's start, so equal periods keep them in one cycle.
            if (rfSimDue)
            {
                nextRfSimPoll = now + configuration.RfSimPollMilliseconds * 1000L;
                radio = PollRfSim();
            }

            if (nfcDue)
            {
                nextNfcPoll = now + configuration.NfcPollMilliseconds * 1000L;
                nfc = PollNfc();
            }

            bool nfcPresent = nfc == PollResult.Device || nfc == PollResult.Collision;
            bool rfSimPresent = radio == PollResult.Device || radio == PollResult.Collision;
            if (nfcPresent && rfSimPresent)
            {
                // Devices on both radios in the same cycle: which one the holder meant is unknowable; no transaction.
                ReleaseNfc();
                ReleaseRfSim();
                error.Interface = ReaderInterface.Unspecified;
                error.TimeMicroseconds = start;
                error.Code = "collision";
                error.Detail = "devices on nfc and rfsim in the same poll cycle";
                if (queue.Enqueue(error) != EncodeStatus.Ok)
                {
                    RefusedRecords++;
                }

                BeginRemoval(true, true);
                return;
            }

            if (nfc == PollResult.Device)
            {
                NfcTransaction();
                BeginRemoval(true, false);
            }
            else if (nfc == PollResult.Collision)
            {
                ReleaseNfc();
                EnqueueCollision(ReaderInterface.Nfc);
                BeginRemoval(true, false);
            }
            else if (radio == PollResult.Device)
            {
                RfSimTransaction();
                BeginRemoval(false, true);
            }
            else if (radio == PollResult.Collision)
            {
                EnqueueCollision(ReaderInterface.RfSim);
                BeginRemoval(false, true);
            }
            else if (radio == PollResult.Refused)
            {
                BeginRemoval(false, true);
            }
        }

        private void BeginRemoval(bool nfc, bool radio)
        {
            if (nfc)
            {
                awaitingNfcRemoval = true;
                nfcMisses = 0;
                nextNfcPoll = clock.GetMicroseconds() + configuration.NfcPollMilliseconds * 1000L;
            }

            if (radio)
            {
                awaitingRfSimRemoval = true;
                rfSimMisses = 0;
                nextRfSimPoll = clock.GetMicroseconds() + configuration.RfSimPollMilliseconds * 1000L;
            }
        }

        private void CheckRemoval(long now)
        {
            if (awaitingNfcRemoval && now >= nextNfcPoll)
            {
                if (!nfcUsable)
                {
                    awaitingNfcRemoval = false;
                }
                else if (!NfcChipAnswers())
                {
                    ChipFault(ReaderInterface.Nfc);
                }
                else
                {
                    NfcPolls++;
                    mfrc522.TurnAntennaOn();
                    ActivationStatus found = activation.Activate(true, identity);
                    mfrc522.TurnAntennaOff();
                    nextNfcPoll = clock.GetMicroseconds() + configuration.NfcPollMilliseconds * 1000L;
                    if (found == ActivationStatus.ChipError)
                    {
                        ChipFault(ReaderInterface.Nfc);
                    }
                    else if (found == ActivationStatus.NoCard)
                    {
                        nfcMisses++;
                        if (nfcMisses >= RemovalChecks)
                        {
                            awaitingNfcRemoval = false;
                        }
                    }
                    else
                    {
                        nfcMisses = 0;
                    }
                }
            }

            if (awaitingRfSimRemoval && now >= nextRfSimPoll)
            {
                if (!rfSimUsable)
                {
                    awaitingRfSimRemoval = false;
                }
                else if (!RfSimChipAnswers())
                {
                    ChipFault(ReaderInterface.RfSim);
                }
                else
                {
                    RfSimWindows++;
                    nrf24.PowerUp();
                    RfSimDiscoveryResult found = rfSim.Discover();
                    rfSim.EndSession();
                    nrf24.PowerDown();
                    nextRfSimPoll = clock.GetMicroseconds() + configuration.RfSimPollMilliseconds * 1000L;
                    if (found == RfSimDiscoveryResult.ChipError)
                    {
                        ChipFault(ReaderInterface.RfSim);
                    }
                    else if (found == RfSimDiscoveryResult.NoPeer)
                    {
                        rfSimMisses++;
                        if (rfSimMisses >= RemovalChecks)
                        {
                            awaitingRfSimRemoval = false;
                        }
                    }
                    else
                    {
                        // Peer ids are fresh per session (PROTOCOL.md 8.4): any attach means a peer is still there.
                        rfSimMisses = 0;
                    }
                }
            }
        }

        private PollResult PollNfc()
        {
            if (!NfcChipAnswers())
            {
                ChipFault(ReaderInterface.Nfc);
                return PollResult.Nothing;
            }

            NfcPolls++;
            capture.Capturing = configuration.TraceEnabled;
            capture.Clear();
            capture.ClearCollision();
            mfrc522.TurnAntennaOn();
            pollStart = clock.GetMicroseconds();
            ActivationStatus found = activation.Activate(true, identity);
            activationMicroseconds = clock.GetMicroseconds() - pollStart;
            if (found == ActivationStatus.Ok && !capture.CollisionSeen && !identity.AtqaCollided)
            {
                nfcRecoveries = 0;
                nfcEmptyPolls = 0;

                // A break-off before this was the same card entering the field: its transaction is its record.
                nfcBreakOffPending = false;
                return PollResult.Device;
            }

            if (found == ActivationStatus.Ok || found == ActivationStatus.CollisionUnresolved)
            {
                // EMV Book D (entry point, 3.2.2 / 5.4): more than one PICC answered: collision, no transaction.
                return PollResult.Collision;
            }

            ReleaseNfc();
            if (found == ActivationStatus.ChipError)
            {
                ChipFault(ReaderInterface.Nfc);
                return PollResult.Nothing;
            }

            if (found == ActivationStatus.Timeout)
            {
                // A PICC answered WUPA and went silent before it was selected (ISO/IEC 14443-3 6.5.3): it is leaving
                // the field during anticollision or SELECT, or still entering it. Which one shows later: a poll that
                // finds it ends the matter (its transaction is the presentation's record); a field that stays empty
                // as long as a removal takes (RemovalChecks polls) makes it a card_removed record, one per
                // presentation however often the card broke off.
                if (!nfcBreakOffPending)
                {
                    nfcBreakOffPending = true;
                    nfcBreakOffAt = pollStart;
                }

                nfcEmptyPolls = 0;
            }
            else if (found == ActivationStatus.NoCard && ++nfcEmptyPolls >= RemovalChecks && nfcBreakOffPending)
            {
                nfcBreakOffPending = false;
                ReportAt(ReaderInterface.Nfc, "card_removed", "the PICC went silent during activation (anticollision/select) and left", nfcBreakOffAt);
            }

            // NoCard, or a PICC that broke off half-way (entering or leaving the field): try again next poll.
            nfcRecoveries = 0;
            return PollResult.Nothing;
        }

        private PollResult PollRfSim()
        {
            if (!RfSimChipAnswers())
            {
                ChipFault(ReaderInterface.RfSim);
                return PollResult.Nothing;
            }

            RfSimWindows++;
            nrf24.PowerUp();
            long start = clock.GetMicroseconds();
            RfSimDiscoveryResult found = rfSim.Discover();
            long duration = clock.GetMicroseconds() - start;
            switch (found)
            {
                case RfSimDiscoveryResult.Attached:
                    rfSimRecoveries = 0;
                    pollStartRfSim = start;
                    rfSimActivationMicroseconds = duration;

                    return PollResult.Device;
                case RfSimDiscoveryResult.Collision:
                    nrf24.PowerDown();
                    return PollResult.Collision;
                case RfSimDiscoveryResult.SecurityError:
                    nrf24.PowerDown();
                    Report(ReaderInterface.RfSim, "security_error", "an RF-SIM attach failed its authentication tag");
                    return PollResult.Refused;
                case RfSimDiscoveryResult.ChipError:
                    nrf24.PowerDown();
                    ChipFault(ReaderInterface.RfSim);
                    return PollResult.Nothing;
                default:
                    // NoPeer, or TooFar: a peer out of the proximity gate is not presented (PROTOCOL.md 8.1).
                    rfSimRecoveries = 0;
                    nrf24.PowerDown();
                    return PollResult.Nothing;
            }
        }

        private void ReleaseNfc()
        {
            if (mfrc522 != null && mfrc522.IsAntennaOn)
            {
                mfrc522.TurnAntennaOff();
            }

            if (capture != null)
            {
                capture.Clear();
            }
        }

        private void ReleaseRfSim()
        {
            if (rfSim != null && rfSim.SessionActive)
            {
                rfSim.EndSession();
            }

            if (nrf24 != null && nrf24.IsPoweredUp)
            {
                nrf24.PowerDown();
            }
        }

        private void NfcTransaction()
        {
            TransactionRecord record = NewRecord(ReaderInterface.Nfc, pollStart);
            record.Uid = Copy(identity.Uid, identity.UidLength);
            record.Atqa = Copy(identity.Atqa, 2);
            record.Sak = identity.Sak;
            record.AddTiming(TimingPhase.Activation, 0, (uint)activationMicroseconds);
            string outcome = "ok";
            if (identity.SupportsIsoDep)
            {
                isoDep.MaximumBitRate = configuration.PpsMaximum;
                long start = clock.GetMicroseconds();
                ActivationResult answer = isoDep.Activate();
                record.AddTiming(TimingPhase.RatsPps, 0, (uint)(clock.GetMicroseconds() - start));
                FlushFrames();
                if (answer == ActivationResult.Ok)
                {
                    int atsLength = isoDep.AnswerToSelect.CopyTo(scratch, 0);
                    record.Ats = Copy(scratch, atsLength);
                    outcome = Read(record, isoDep, ReaderInterface.Nfc);
                    isoDep.Deselect();
                }
                else
                {
                    outcome = answer == ActivationResult.ChipError ? "chip_error" : "activation_failed";
                }
            }

            // Plain type A (SAK b6 = 0, ISO/IEC 14443-3 6.5.3.4): the UID is all there is; outcome ok, no ATS.
            FlushFrames();
            mfrc522.TurnAntennaOff();
            Finish(record, outcome);
            if (outcome == "chip_error")
            {
                ChipFault(ReaderInterface.Nfc);
            }
        }

        private void RfSimTransaction()
        {
            TransactionRecord record = NewRecord(ReaderInterface.RfSim, pollStartRfSim);
            record.Uid = Copy(rfSim.PeerId, 4);
            record.AddTiming(TimingPhase.Activation, 0, (uint)rfSimActivationMicroseconds);
            string outcome = Read(record, rfSim, ReaderInterface.RfSim);
            rfSim.EndSession();
            nrf24.PowerDown();
            Finish(record, outcome);
            if (outcome == "chip_error")
            {
                ChipFault(ReaderInterface.RfSim);
            }
        }

        private TransactionRecord NewRecord(ReaderInterface radio, long start)
        {
            TransactionRecord record = new TransactionRecord();
            record.Interface = radio;
            record.TimeMicroseconds = start;
            return record;
        }

        private void Finish(TransactionRecord record, string outcome)
        {
            record.Outcome = outcome;
            record.DurationMicroseconds = (uint)(clock.GetMicroseconds() - record.TimeMicroseconds);
            TransactionCount++;
            Send(record, record.Interface);
        }

        /// <summary>
        /// Queues <paramref name="record"/>; one the encoder refuses (it does not fit a slot, a field breaks the
        /// record format) is replaced by an error record <c>record_refused</c> naming the <see cref="EncodeStatus"/>,
        /// so no record disappears without a trace.
        /// </summary>
        private void Send(HostLinkMessage record, ReaderInterface radio)
        {
            EncodeStatus status = queue.Enqueue(record);
            if (status != EncodeStatus.Ok)
            {
                RefusedRecords++;
                Report(radio, "record_refused", EncodeStatusName(status));
            }
        }

        private static string EncodeStatusName(EncodeStatus status)
        {
            // Spelled out: nanoFramework's Enum.ToString gives the number, not the name.
            switch (status)
            {
                case EncodeStatus.Ok: return "Ok";
                case EncodeStatus.PayloadTooLong: return "PayloadTooLong";
                case EncodeStatus.OutputTooSmall: return "OutputTooSmall";
                case EncodeStatus.PanNotMasked: return "PanNotMasked";
                case EncodeStatus.MissingField: return "MissingField";
                default: return ((int)status).ToString();
            }
        }

        /// <summary>Runs the EMV read over <paramref name="channel"/> and copies the summary into the record.</summary>
        private string Read(TransactionRecord record, Apdu.IApduChannel channel, ReaderInterface radio)
        {
            if (configuration.ReadDepth == ReadDepth.Detect)
            {
                return "ok";
            }

            recorder.Begin(channel, radio, configuration.TraceEnabled ? queue : null, radio == ReaderInterface.Nfc ? capture : null);
            emv.Depth = configuration.ReadDepth;
            summary.Clear();
            int tracesRefused = recorder.TraceRecordsRefused;
            ReadOutcome outcome = emv.Read(summary);
            tracesRefused = recorder.TraceRecordsRefused - tracesRefused;
            if (tracesRefused > 0)
            {
                // An APDU trace (command, response and their frames) that does not fit one host-link frame is refused
                // by the encoder; say so instead of leaving a silent hole in the trace.
                Report(radio, "trace_refused", tracesRefused.ToString() + " APDU trace record(s) too long for a host-link frame");
            }

            if (summary.AidLength > 0)
            {
                int length = summary.CopyAid(scratch, 0);
                record.Aid = Copy(scratch, length);
            }

            // The EMV layer masks a PAN under 12 digits whole; the host link's rule (PanMask) shows 6 + 4 digits and
            // its encoder refuses anything else, which would drop the whole record. Such a PAN is left out instead.
            record.PanMasked = PanMask.IsMasked(summary.MaskedPan) ? summary.MaskedPan : null;
            record.ApplicationLabel = summary.ApplicationLabel;
            if (summary.ExpiryMonth > 0 && summary.ExpiryYear >= 0)
            {
                record.Expiry = TwoDigits(summary.ExpiryYear % 100) + TwoDigits(summary.ExpiryMonth);
            }

            record.CardKind = summary.Credential == CredentialKind.Token ? CardKind.Token : summary.Credential == CredentialKind.Card ? CardKind.Card : CardKind.Unknown;
            if (summary.HasBalance)
            {
                record.HasBalance = true;
                record.BalanceMinorUnits = summary.Balance;
            }

            record.CurrencyCode = summary.CurrencyCode;

            if (summary.HasTransactionCounter)
            {
                record.ApplicationTransactionCounter = summary.TransactionCounter;
            }

            record.LastStatusWord = recorder.LastStatusWord;
            recorder.AddTimings(record);
            return TransactionSummary.OutcomeName(outcome);
        }

        private void EnqueueCollision(ReaderInterface radio)
        {
            TransactionRecord record = NewRecord(radio, radio == ReaderInterface.Nfc ? pollStart : clock.GetMicroseconds());
            record.Uid = new byte[0];
            Finish(record, "collision");
        }

        /// <summary>Sends the activation frames captured so far as a frame trace (trace on only).</summary>
        private void FlushFrames()
        {
            if (!configuration.TraceEnabled || capture.Count == 0)
            {
                capture.Clear();
                return;
            }

            frameTrace.Interface = ReaderInterface.Nfc;
            frameTrace.TimeMicroseconds = capture[0].TimeMicroseconds;
            frameTrace.Frames.Clear();
            for (int index = 0; index < capture.Count; index++)
            {
                frameTrace.Frames.Add(capture[index]);
            }

            Send(frameTrace, ReaderInterface.Nfc);
            frameTrace.Frames.Clear();
            capture.Clear();
        }

        // ---- host commands ----

        private void ServiceHost()
        {
            HostLinkMessage message = receiver.Poll();
            while (message != null)
            {
                if (message is ConfigurationMessage)
                {
                    Configure((ConfigurationMessage)message);
                }
                else if (message is StatusRequestMessage)
                {
                    EnqueueStatus();
                }
                else if (message is PassThroughCommandMessage)
                {
                    PassThrough((PassThroughCommandMessage)message);
                }
                else if (message is PassThroughSessionMessage)
                {
                    PassThroughSession((PassThroughSessionMessage)message);
                }

                message = receiver.Poll();
            }
        }

        private void Configure(ConfigurationMessage message)
        {
            configurationResult.TimeMicroseconds = clock.GetMicroseconds();
            bool accepted = configuration.Apply(message, configurationResult);
            ApplyTerminalData();
            Send(configurationResult, ReaderInterface.Unspecified);
            if (!accepted)
            {
                string detail = string.Empty;
                for (int index = 0; index < configurationResult.Entries.Count; index++)
                {
                    string entry = (string)configurationResult.Entries[index];
                    if (entry.IndexOf("=error") >= 0)
                    {
                        detail += (detail.Length > 0 ? "; " : string.Empty) + entry;
                    }
                }

                Report(ReaderInterface.Unspecified, "bad_config", detail);
            }

            // A shorter period takes effect at once.
            long now = clock.GetMicroseconds();
            if (nextNfcPoll > now + configuration.NfcPollMilliseconds * 1000L)
            {
                nextNfcPoll = now;
            }

            if (nextRfSimPoll > now + configuration.RfSimPollMilliseconds * 1000L)
            {
                nextRfSimPoll = now;
            }
        }

        private void ApplyTerminalData()
        {
            // Start from the defaults: an entry the host removed (pdol.TAG=) falls back to its default value.
            terminal.RestoreDefaults();
            foreach (object key in configuration.TerminalData.Keys)
            {
                int tag = (int)key;
                terminal.SetValue(tag, (byte[])configuration.TerminalData[key], IsNumericTag(tag));
            }
        }

        private static bool IsNumericTag(int tag)
        {
            // Format n data objects (EMV Book 3 annex A): right-aligned when a DOL asks for another length.
            return tag == TerminalData.AmountAuthorised || tag == TerminalData.AmountOther || tag == TerminalData.TerminalCountryCode
                || tag == TerminalData.TransactionCurrencyCode || tag == TerminalData.TransactionDate || tag == TerminalData.TransactionType
                || tag == TerminalData.TerminalType;
        }

        private void EnqueueStatus()
        {
            status.TimeMicroseconds = clock.GetMicroseconds();
            status.Mfrc522Version = mfrc522 != null && mfrc522.Variant != ChipVariant.Unknown ? mfrc522.Version : -1;
            status.Mfrc522Health = NfcHealth;
            status.Nrf24Health = RfSimHealth;
            status.CloneFlags = (byte)(mfrc522 != null && mfrc522.IsClone ? 1 : 0);
            status.ConfigurationSummary = configuration.Summary();
            status.FirmwareVersion = FirmwareVersion;
            Send(status, ReaderInterface.Unspecified);
        }

        private void PassThrough(PassThroughCommandMessage message)
        {
            long start = clock.GetMicroseconds();
            passThroughRecord.HostSequence = message.Sequence;
            passThroughRecord.TimeMicroseconds = start;
            passThroughRecord.Command = message.Apdu;
            passThroughRecord.SetResponse(null, 0);
            passThroughRecord.SetIdentity(null, 0, null, -1, null, 0);
            passThroughRecord.Raw = configuration.PassThroughRaw;
            passThroughRecord.Interface = ReaderInterface.Unspecified;
            string outcome = "no_device";
            bool wellFormed = message.Apdu != null && message.Apdu.Length >= 4;
            if (!wellFormed)
            {
                // A command APDU has at least CLA INS P1 P2 (ISO/IEC 7816-4, 5.1): nothing is sent to the device.
                outcome = "bad_apdu";
            }
            else if (passThroughInterface == ReaderInterface.Unspecified)
            {
                OpenPassThrough(false);
            }

            if (wellFormed && passThroughStorage)
            {
                // A storage card has no APDU layer (ISO/IEC 14443-3 only); the session stays, nothing is sent.
                passThroughRecord.Interface = passThroughInterface;
                outcome = "not_iso_dep";
            }
            else if (wellFormed && passThroughInterface != ReaderInterface.Unspecified)
            {
                Apdu.IApduChannel channel = passThroughInterface == ReaderInterface.Nfc ? (Apdu.IApduChannel)isoDep : rfSim;
                int count;
                ExchangeResult result = channel.Exchange(message.Apdu, 0, message.Apdu.Length, passThroughResponse, 0, passThroughResponse.Length, out count);
                passThroughRecord.Interface = passThroughInterface;
                if (result == ExchangeResult.Ok)
                {
                    outcome = "ok";
                    passThroughRecord.SetResponse(passThroughResponse, count);
                    passThroughLastUse = clock.GetMicroseconds();
                }
                else
                {
                    outcome = TransactionSummary.OutcomeName(EmvReader.FromExchangeResult(result));
                    ClosePassThrough();
                }
            }

            passThroughRecord.Outcome = outcome;
            passThroughRecord.DurationMicroseconds = (uint)(clock.GetMicroseconds() - start);
            Send(passThroughRecord, passThroughRecord.Interface);
            passThroughRecord.SetResponse(null, 0);
            Array.Clear(passThroughResponse, 0, passThroughResponse.Length);
        }

        /// <summary>
        /// Answers a session command: Open activates the device in the field (outcome "activated") or checks the one
        /// held ("present"), Reset re-activates it after a field reset ("activated"), Close ends the session
        /// ("closed"). The answer carries the identity of the device held, or outcome "no_device".
        /// </summary>
        private void PassThroughSession(PassThroughSessionMessage message)
        {
            long start = clock.GetMicroseconds();
            passThroughRecord.HostSequence = message.Sequence;
            passThroughRecord.TimeMicroseconds = start;
            passThroughRecord.Command = null;
            passThroughRecord.SetResponse(null, 0);
            passThroughRecord.SetIdentity(null, 0, null, -1, null, 0);
            passThroughRecord.Raw = false;
            passThroughRecord.Interface = ReaderInterface.Unspecified;
            string outcome = "closed";
            if (message.Action == PassThroughSessionAction.Close)
            {
                if (passThroughInterface != ReaderInterface.Unspecified)
                {
                    ClosePassThrough();
                }
            }
            else if (message.Action == PassThroughSessionAction.Open || message.Action == PassThroughSessionAction.Reset)
            {
                outcome = "activated";
                if (passThroughInterface != ReaderInterface.Unspecified && message.Action == PassThroughSessionAction.Open)
                {
                    // "present": the device of the session is still there, in whatever state the host left it.
                    outcome = "present";
                    CheckPassThroughPresence();
                }
                else
                {
                    if (passThroughInterface != ReaderInterface.Unspecified)
                    {
                        ClosePassThrough();
                        clock.Delay(FieldResetMicroseconds);
                    }

                    OpenPassThrough(true);
                }

                if (passThroughInterface == ReaderInterface.Unspecified)
                {
                    outcome = "no_device";
                }
                else
                {
                    passThroughRecord.Interface = passThroughInterface;
                    if (passThroughInterface == ReaderInterface.Nfc)
                    {
                        int atsLength = passThroughStorage ? 0 : isoDep.AnswerToSelect.CopyTo(passThroughAnswerToSelect, 0);
                        passThroughRecord.SetIdentity(identity.Uid, identity.UidLength, identity.Atqa, identity.Sak, passThroughStorage ? null : passThroughAnswerToSelect, atsLength);
                    }
                    else
                    {
                        passThroughRecord.SetIdentity(rfSim.PeerId, 4, null, -1, null, 0);
                    }
                }
            }
            else
            {
                outcome = "bad_action";
            }

            passThroughRecord.Outcome = outcome;
            passThroughRecord.DurationMicroseconds = (uint)(clock.GetMicroseconds() - start);
            Send(passThroughRecord, passThroughRecord.Interface);
            passThroughRecord.SetIdentity(null, 0, null, -1, null, 0);
        }

        /// <summary>Checks that the device held is still there; closes the session when it is not.</summary>
        private void CheckPassThroughPresence()
        {
            bool present;
            if (passThroughInterface == ReaderInterface.Nfc && passThroughStorage)
            {
                // A storage PICC has no block protocol to ask; a field reset and a new activation find it (its state
                // is the ISO/IEC 14443-3 one only, nothing is lost).
                mfrc522.TurnAntennaOff();
                clock.Delay(FieldResetMicroseconds);
                NfcPolls++;
                mfrc522.TurnAntennaOn();
                present = activation.Activate(true, identity) == ActivationStatus.Ok && !identity.SupportsIsoDep;
            }
            else if (passThroughInterface == ReaderInterface.Nfc)
            {
                present = isoDep.CheckPresence() == ExchangeResult.Ok;
            }
            else
            {
                // The RF-SIM link ends its own sessions (time and idle limits, PROTOCOL.md 8.1); a live one is present.
                present = rfSim.SessionActive;
            }

            if (present)
            {
                passThroughLastUse = clock.GetMicroseconds();
            }
            else
            {
                ClosePassThrough();
            }
        }

        /// <summary>
        /// Activates the device in the field for pass-through: NFC first (WUPA, RATS/PPS), then RF-SIM. With
        /// <paramref name="acceptStorage"/> (session commands), a PICC without ISO/IEC 14443-4 is held too.
        /// </summary>
        private void OpenPassThrough(bool acceptStorage)
        {
            passThroughStorage = false;
            if (nfcUsable)
            {
                NfcPolls++;
                capture.Capturing = false;
                mfrc522.TurnAntennaOn();
                if (activation.Activate(true, identity) == ActivationStatus.Ok)
                {
                    if (!identity.SupportsIsoDep && acceptStorage)
                    {
                        passThroughStorage = true;
                        passThroughInterface = ReaderInterface.Nfc;
                        passThroughLastUse = clock.GetMicroseconds();
                        return;
                    }

                    isoDep.MaximumBitRate = configuration.PpsMaximum;
                    if (identity.SupportsIsoDep && isoDep.Activate() == ActivationResult.Ok)
                    {
                        passThroughInterface = ReaderInterface.Nfc;
                        passThroughLastUse = clock.GetMicroseconds();
                        return;
                    }
                }

                mfrc522.TurnAntennaOff();
            }

            if (rfSimUsable)
            {
                RfSimWindows++;
                nrf24.PowerUp();
                if (rfSim.Discover() == RfSimDiscoveryResult.Attached)
                {
                    passThroughInterface = ReaderInterface.RfSim;
                    passThroughLastUse = clock.GetMicroseconds();
                    return;
                }

                nrf24.PowerDown();
            }
        }

        private void ClosePassThrough()
        {
            passThroughStorage = false;
            if (passThroughInterface == ReaderInterface.Nfc)
            {
                if (isoDep.IsActive)
                {
                    isoDep.Deselect();
                }

                mfrc522.TurnAntennaOff();
                BeginRemoval(true, false);
            }
            else if (passThroughInterface == ReaderInterface.RfSim)
            {
                ReleaseRfSim();
                BeginRemoval(false, true);
            }

            passThroughInterface = ReaderInterface.Unspecified;
        }

        /// <summary>True while a pass-through session holds a device (polling is suspended).</summary>
        public bool PassThroughActive
        {
            get { return passThroughInterface != ReaderInterface.Unspecified; }
        }

        // ---- chips ----

        private bool InitializeNfc(bool recovery)
        {
            try
            {
                mfrc522.Initialize();
                mfrc522.TurnAntennaOff();
                NfcHealth = "ok";
                return true;
            }
            catch (Mfrc522Exception exception)
            {
                // A bus that reads 00 or FF has no chip on it; anything else names a chip we do not know.
                byte version = mfrc522.ReadRegister(Mfrc522.Register.VersionReg);
                if (recovery)
                {
                    // The caller reports the attempt; the next poll tries again.
                    NfcHealth = "unresponsive";
                    return false;
                }

                NfcHealth = version == 0x00 || version == 0xFF ? "missing" : "fake";
                Report(ReaderInterface.Nfc, NfcHealth == "missing" ? "chip_missing" : "chip_fake", exception.Message);
                return false;
            }
        }

        private bool InitializeRfSim(bool recovery)
        {
            try
            {
                rfSim.Start();
                nrf24.PowerDown();
                RfSimHealth = "ok";
                return true;
            }
            catch (InvalidOperationException exception)
            {
                if (recovery)
                {
                    RfSimHealth = "unresponsive";
                    return false;
                }

                RfSimHealth = "missing";
                Report(ReaderInterface.RfSim, "chip_missing", exception.Message);
                return false;
            }
        }

        /// <summary>
        /// Watchdog: one register read before every poll (MFRC522 VersionReg, datasheet 9.3.4.8, as read at start-up)
        /// tells a chip that fell off the bus or lost power, which an empty field cannot.
        /// </summary>
        private bool NfcChipAnswers()
        {
            // After a failed re-initialisation the chip's registers are unknown: initialise again, do not poll.
            return NfcHealth == "ok" && mfrc522.ReadRegister(Mfrc522.Register.VersionReg) == mfrc522.Version;
        }

        /// <summary>The nRF24 counterpart: SETUP_AW as configured (PS 9, register 03: address width - 2).</summary>
        private bool RfSimChipAnswers()
        {
            return RfSimHealth == "ok" && nrf24.ReadRegister(Nrf24Register.SETUP_AW) == (byte)(nrf24.Settings.AddressWidth - 2);
        }

        /// <summary>Watchdog-style recovery: a chip that failed an exchange or its register check is re-initialised,
        /// at most <see cref="MaximumRecoveries"/> times in a row (a good poll resets the count); then it is left off
        /// until a reset and the other radio goes on alone.</summary>
        private void ChipFault(ReaderInterface radio)
        {
            bool nfc = radio == ReaderInterface.Nfc;
            if (nfc)
            {
                ReleaseNfc();
                nfcRecoveries++;
            }
            else
            {
                ReleaseRfSim();
                rfSimRecoveries++;
            }

            int attempt = nfc ? nfcRecoveries : rfSimRecoveries;
            string chip = nfc ? "MFRC522" : "nRF24L01+";
            if (attempt > MaximumRecoveries)
            {
                if (nfc)
                {
                    nfcUsable = false;
                    NfcHealth = "unresponsive";
                    awaitingNfcRemoval = false;
                }
                else
                {
                    rfSimUsable = false;
                    RfSimHealth = "unresponsive";
                    awaitingRfSimRemoval = false;
                }

                Report(radio, "chip_failed", chip + " stopped answering; its radio is off until a reset");
                return;
            }

            Report(radio, "chip_error", chip + " stopped answering; re-initialising (attempt " + attempt.ToString() + " of " + MaximumRecoveries.ToString() + ")");
            bool recovered = nfc ? InitializeNfc(true) : InitializeRfSim(true);
            if (recovered)
            {
                Report(radio, "chip_recovered", chip + " re-initialised");
            }
        }

        private void Report(ReaderInterface radio, string code, string detail)
        {
            ReportAt(radio, code, detail, clock.GetMicroseconds());
        }

        /// <summary>An error record for something that happened at <paramref name="microseconds"/> (reader time).</summary>
        private void ReportAt(ReaderInterface radio, string code, string detail, long microseconds)
        {
            error.Interface = radio;
            error.TimeMicroseconds = microseconds;
            error.Code = code;
            error.Detail = detail;
            if (queue.Enqueue(error) != EncodeStatus.Ok)
            {
                // An error record that does not fit either: nothing smaller can be sent; counted, never thrown.
                RefusedRecords++;
            }
        }

        private void Sleep()
        {
            long now = clock.GetMicroseconds();
            long next = now + MaximumIdleMicroseconds;
            if (nfcUsable && nextNfcPoll < next && (passThroughInterface == ReaderInterface.Unspecified) && (!awaitingRfSimRemoval || awaitingNfcRemoval))
            {
                next = nextNfcPoll;
            }

            if (rfSimUsable && nextRfSimPoll < next && (passThroughInterface == ReaderInterface.Unspecified) && (!awaitingNfcRemoval || awaitingRfSimRemoval))
            {
                next = nextRfSimPoll;
            }

            if (next > now)
            {
                clock.Delay((int)(next - now));
            }
        }

        private static byte[] Copy(byte[] source, int count)
        {
            byte[] copy = new byte[count];
            Array.Copy(source, copy, count);
            return copy;
        }

        private static string TwoDigits(int value)
        {
            return value < 10 ? "0" + value.ToString() : value.ToString();
        }

        /// <summary>What one poll of a radio found.</summary>
        private enum PollResult
        {
            Nothing = 0,
            Device = 1,
            Collision = 2,
            Refused = 3
        }
    }
}
