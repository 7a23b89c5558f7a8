using DualReader.Firmware.Apdu;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Firmware.Mfrc522;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// The 13.56 MHz radio: an MFRC522 (or none fitted), ISO/IEC 14443-3 type A activation, ISO-DEP (14443-4) for
    /// PICCs that speak it, and the frame capture for traces. A poll turns the field on, sends WUPA and selects one
    /// PICC; the field is off between polls.
    /// </summary>
    public sealed class NfcFront : RadioFront
    {
        private readonly Mfrc522.Mfrc522 chip;
        private readonly FrameCapture capture;
        private readonly TypeAActivation activation;
        private readonly IsoDepTransport isoDep;
        private readonly PiccIdentity identity = new PiccIdentity();
        private readonly FrameTraceRecord frameTrace = new FrameTraceRecord();
        private readonly byte[] answerToSelect = new byte[AnswerToSelect.MaximumLength];
        private StorageCardReader storageCards;
        private SelfTestVerdict selfTest = SelfTestVerdict.Unknown;
        private SelfTestReference selfTestMatch = SelfTestReference.None;
        private bool selfTestRan;

        private long pollStart;
        private long activationMicroseconds;
        private bool breakOffPending;
        private long breakOffAt;
        private int emptyPolls;

        // True while the pass-through session holds a PICC without ISO/IEC 14443-4 (SAK b6 = 0: a storage card such
        // as MIFARE), opened by a session command only; APDUs cannot reach it.
        private bool sessionStorage;

        /// <summary>The front of <paramref name="chip"/> (null when no MFRC522 is fitted).</summary>
        public NfcFront(Mfrc522.Mfrc522 chip, IClock clock, ReaderConfiguration configuration, RecordOutbox outbox)
            : base(ReaderInterface.Nfc, "nfc", "MFRC522", clock, configuration, outbox)
        {
            this.chip = chip;
            if (chip != null)
            {
                capture = new FrameCapture(chip, chip, clock);
                activation = new TypeAActivation(capture);
                isoDep = new IsoDepTransport(capture, clock);
            }

            Health = chip == null ? ChipHealth.Missing : ChipHealth.Unknown;
        }

        /// <inheritdoc />
        public override long PollPeriodMicroseconds
        {
            get { return configuration.NfcPollMilliseconds * 1000L; }
        }

        /// <inheritdoc />
        public override long PollStartMicroseconds
        {
            get { return pollStart; }
        }

        /// <inheritdoc />
        public override bool Initialize(bool recovery)
        {
            if (chip == null)
            {
                outbox.Report(ReaderInterface.Nfc, ReaderError.ChipMissing, "no MFRC522 configured");
                return false;
            }

            try
            {
                chip.Initialize();
                if (!recovery && !selfTestRan)
                {
                    // Datasheet 16.1.1: the digital self-test's 64 bytes tell a genuine chip (and its version) from a
                    // clone that lies in VersionReg. Once, at start-up; it re-initialises the chip when done.
                    Mfrc522SelfTest test = new Mfrc522SelfTest(chip);
                    selfTest = test.Run();
                    selfTestMatch = test.Matched;
                    selfTestRan = true;
                }

                chip.TurnAntennaOff();
                Health = ChipHealth.Ok;
                return true;
            }
            catch (Mfrc522Exception exception)
            {
                // A bus that reads 00 or FF has no chip on it; anything else names a chip we do not know.
                byte version = chip.ReadRegister(Register.VersionReg);
                if (recovery)
                {
                    // The scheduler reports the attempt; the next poll tries again.
                    Health = ChipHealth.Unresponsive;
                    return false;
                }

                bool missing = version == 0x00 || version == 0xFF;
                Health = missing ? ChipHealth.Missing : ChipHealth.Fake;
                outbox.Report(ReaderInterface.Nfc, missing ? ReaderError.ChipMissing : ReaderError.ChipFake, exception.Message);
                return false;
            }
        }

        /// <summary>
        /// VersionReg (datasheet 9.3.4.8) as read at start-up tells a chip that fell off the bus or lost power, which
        /// an empty field cannot. After a failed re-initialisation the registers are unknown: initialise again first.
        /// </summary>
        public override bool ChipAnswers()
        {
            return Health == ChipHealth.Ok && chip.ReadRegister(Register.VersionReg) == chip.Version;
        }

        /// <inheritdoc />
        public override PollResult Poll()
        {
            Polls++;
            capture.Capturing = configuration.TraceEnabled;
            capture.Clear();
            chip.TurnAntennaOn();
            pollStart = clock.GetMicroseconds();
            ActivationStatus found = activation.Activate(true, identity);
            activationMicroseconds = clock.GetMicroseconds() - pollStart;
            if (found == ActivationStatus.Ok && !identity.CollisionSeen)
            {
                Recoveries = 0;
                emptyPolls = 0;

                // A break-off before this was the same card entering the field: its transaction is its record.
                breakOffPending = false;
                return PollResult.Device;
            }

            if (found == ActivationStatus.Ok || found == ActivationStatus.CollisionUnresolved)
            {
                // EMV Book D (entry point, 3.2.2 / 5.4): more than one PICC answered: collision, no transaction.
                return PollResult.Collision;
            }

            Release();
            if (found == ActivationStatus.ChipError)
            {
                return PollResult.ChipError;
            }

            if (found == ActivationStatus.Timeout)
            {
                // A PICC answered WUPA and went silent before it was selected (ISO/IEC 14443-3 6.5.3): it is leaving
                // the field during anticollision or SELECT, or still entering it. Which one shows later: a poll that
                // finds it ends the matter (its transaction is the presentation's record); a field that stays empty
                // as long as a removal takes (RemovalChecks polls) makes it a card_removed record, one per
                // presentation however often the card broke off.
                if (!breakOffPending)
                {
                    breakOffPending = true;
                    breakOffAt = pollStart;
                }

                emptyPolls = 0;
            }
            else if (found == ActivationStatus.NoCard && ++emptyPolls >= ReaderApplication.RemovalChecks && breakOffPending)
            {
                breakOffPending = false;
                outbox.ReportAt(ReaderInterface.Nfc, ReaderError.CardRemoved, "the PICC went silent during activation (anticollision/select) and left", breakOffAt);
            }

            // NoCard, or a PICC that broke off half-way (entering or leaving the field): try again next poll.
            Recoveries = 0;
            return PollResult.Nothing;
        }

        /// <summary>
        /// Reads the PICC the poll selected: ISO-DEP activation (RATS, PPS) and the EMV read for a PICC that speaks
        /// ISO/IEC 14443-4; a PICC without it (SAK b6 = 0, 6.5.3.4) through the <see cref="StorageCardReader"/>
        /// (MIFARE Classic transit balance, Type 2 tag NDEF; other families: the UID is all there is).
        /// </summary>
        public override ReadOutcome Read(TransactionRecord record, TransactionRecordBuilder builder)
        {
            record.Uid = TransactionRecordBuilder.Copy(identity.Uid, identity.UidLength);
            record.Atqa = TransactionRecordBuilder.Copy(identity.Atqa, 2);
            record.Sak = identity.Sak;
            record.AddTiming(TimingPhase.Activation, 0, (uint)activationMicroseconds);
            ReadOutcome outcome = ReadOutcome.Ok;
            if (identity.SupportsIsoDep)
            {
                isoDep.MaximumBitRate = configuration.PpsMaximum;
                long start = clock.GetMicroseconds();
                ActivationResult answer = isoDep.Activate();
                record.AddTiming(TimingPhase.RatsPps, 0, (uint)(clock.GetMicroseconds() - start));
                FlushFrames();
                if (answer == ActivationResult.Ok)
                {
                    int atsLength = isoDep.AnswerToSelect.CopyTo(answerToSelect, 0);
                    record.Ats = TransactionRecordBuilder.Copy(answerToSelect, atsLength);
                    outcome = builder.ReadEmv(record, isoDep, ReaderInterface.Nfc, capture);
                    isoDep.Deselect();
                }
                else
                {
                    outcome = answer == ActivationResult.ChipError ? ReadOutcome.ChipError : ReadOutcome.ActivationFailed;
                }
            }
            else
            {
                if (storageCards == null)
                {
                    storageCards = new StorageCardReader(chip, activation);
                }

                outcome = storageCards.Read(record, identity, configuration);
            }

            FlushFrames();
            chip.TurnAntennaOff();
            return outcome;
        }

        /// <inheritdoc />
        public override PresenceResult CheckPresence()
        {
            Polls++;
            chip.TurnAntennaOn();
            ActivationStatus found = activation.Activate(true, identity);
            chip.TurnAntennaOff();
            if (found == ActivationStatus.ChipError)
            {
                return PresenceResult.ChipError;
            }

            return found == ActivationStatus.NoCard ? PresenceResult.Absent : PresenceResult.Present;
        }

        /// <inheritdoc />
        public override void Release()
        {
            if (chip != null && chip.IsAntennaOn)
            {
                chip.TurnAntennaOff();
            }

            if (capture != null)
            {
                capture.Clear();
            }
        }

        /// <inheritdoc />
        public override bool OpenSession(bool acceptStorage)
        {
            sessionStorage = false;
            Polls++;
            capture.Capturing = false;
            chip.TurnAntennaOn();
            if (activation.Activate(true, identity) == ActivationStatus.Ok)
            {
                if (!identity.SupportsIsoDep && acceptStorage)
                {
                    sessionStorage = true;
                    return true;
                }

                isoDep.MaximumBitRate = configuration.PpsMaximum;
                if (identity.SupportsIsoDep && isoDep.Activate() == ActivationResult.Ok)
                {
                    return true;
                }
            }

            chip.TurnAntennaOff();
            return false;
        }

        /// <inheritdoc />
        public override IApduChannel SessionChannel
        {
            get { return sessionStorage ? null : isoDep; }
        }

        /// <inheritdoc />
        public override void DescribeSession(PassThroughResponseRecord record)
        {
            int atsLength = sessionStorage ? 0 : isoDep.AnswerToSelect.CopyTo(answerToSelect, 0);
            record.SetIdentity(identity.Uid, identity.UidLength, identity.Atqa, identity.Sak, sessionStorage ? null : answerToSelect, atsLength);
        }

        /// <inheritdoc />
        public override bool SessionPresent()
        {
            if (!sessionStorage)
            {
                return isoDep.CheckPresence() == ExchangeResult.Ok;
            }

            // A storage PICC has no block protocol to ask; a field reset and a new activation find it (its state is
            // the ISO/IEC 14443-3 one only, nothing is lost).
            chip.TurnAntennaOff();
            clock.Delay(HostCommandService.FieldResetMicroseconds);
            Polls++;
            chip.TurnAntennaOn();
            return activation.Activate(true, identity) == ActivationStatus.Ok && !identity.SupportsIsoDep;
        }

        /// <inheritdoc />
        public override void CloseSession()
        {
            sessionStorage = false;
            if (isoDep.IsActive)
            {
                isoDep.Deselect();
            }

            chip.TurnAntennaOff();
        }

        /// <inheritdoc />
        public override void DescribeChip(StatusRecord status)
        {
            status.Mfrc522Version = chip != null && chip.Variant != ChipVariant.Unknown ? chip.Version : -1;
            status.Mfrc522Health = ChipHealthNames.Name(Health);
            status.CloneFlags = (byte)(chip != null && chip.IsClone ? 1 : 0);
            status.SelfTest = selfTestRan ? SelfTestVerdictNames.Name(selfTest) : null;
            status.SelfTestMatch = selfTestRan && selfTestMatch != SelfTestReference.None ? SelfTestReferenceNames.Name(selfTestMatch) : null;
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

            outbox.Send(frameTrace, ReaderInterface.Nfc);
            frameTrace.Frames.Clear();
            capture.Clear();
        }
    }
}
