using System;
using DualReader.Firmware.Apdu;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Nrf24;
using DualReader.Firmware.RfSim;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// The 2.4 GHz radio: an nRF24L01+ (or none fitted) and the RF-SIM link (firmware/RfSim/PROTOCOL.md). A poll is
    /// one beacon window; an attached peer holds an authenticated session until the read ends. The chip is powered
    /// down between windows.
    /// </summary>
    public sealed class RfSimFront : RadioFront
    {
        private readonly Nrf24Driver chip;
        private readonly RfSimReader link;
        private long pollStart;
        private long activationMicroseconds;

        /// <summary>
        /// The front of <paramref name="chip"/> (null when no nRF24L01+ is fitted). <paramref name="preSharedKey"/>
        /// (16 bytes) and <paramref name="readerIdentity"/> (4 bytes) are the link's (PROTOCOL.md 6);
        /// <paramref name="nonces"/> supplies its nonces.
        /// </summary>
        public RfSimFront(Nrf24Driver chip, IClock clock, ReaderConfiguration configuration, RecordOutbox outbox, byte[] preSharedKey, byte[] readerIdentity, IRandomSource nonces)
            : base(ReaderInterface.RfSim, "rfsim", "nRF24L01+", clock, configuration, outbox)
        {
            this.chip = chip;
            if (chip != null)
            {
                link = new RfSimReader(chip, clock, preSharedKey, readerIdentity, nonces);
            }

            Health = chip == null ? ChipHealth.Missing : ChipHealth.Unknown;
        }

        /// <inheritdoc />
        public override long PollPeriodMicroseconds
        {
            get { return configuration.RfSimPollMilliseconds * 1000L; }
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
                outbox.Report(ReaderInterface.RfSim, ReaderError.ChipMissing, "no nRF24L01+ configured");
                return false;
            }

            try
            {
                link.Start();
                chip.PowerDown();
                Health = ChipHealth.Ok;
                return true;
            }
            catch (InvalidOperationException exception)
            {
                if (recovery)
                {
                    Health = ChipHealth.Unresponsive;
                    return false;
                }

                Health = ChipHealth.Missing;
                outbox.Report(ReaderInterface.RfSim, ReaderError.ChipMissing, exception.Message);
                return false;
            }
        }

        /// <summary>SETUP_AW as configured (product specification 9, register 03: address width - 2).</summary>
        public override bool ChipAnswers()
        {
            return Health == ChipHealth.Ok && chip.ReadRegister(Nrf24Register.SETUP_AW) == (byte)(chip.Settings.AddressWidth - 2);
        }

        /// <inheritdoc />
        public override PollResult Poll()
        {
            Polls++;
            chip.PowerUp();
            long start = clock.GetMicroseconds();
            RfSimDiscoveryResult found = link.Discover();
            long duration = clock.GetMicroseconds() - start;
            pollStart = start;
            switch (found)
            {
                case RfSimDiscoveryResult.Attached:
                    Recoveries = 0;
                    activationMicroseconds = duration;
                    return PollResult.Device;
                case RfSimDiscoveryResult.Collision:
                    chip.PowerDown();
                    return PollResult.Collision;
                case RfSimDiscoveryResult.SecurityError:
                    chip.PowerDown();
                    outbox.Report(ReaderInterface.RfSim, ReaderError.SecurityError, "an RF-SIM attach failed its authentication tag");
                    return PollResult.Refused;
                case RfSimDiscoveryResult.ChipError:
                    chip.PowerDown();
                    return PollResult.ChipError;
                default:
                    // NoPeer, or TooFar: a peer out of the proximity gate is not presented (PROTOCOL.md 8.1).
                    Recoveries = 0;
                    chip.PowerDown();
                    return PollResult.Nothing;
            }
        }

        /// <inheritdoc />
        public override ReadOutcome Read(TransactionRecord record, TransactionRecordBuilder builder)
        {
            record.Uid = TransactionRecordBuilder.Copy(link.PeerId, 4);
            record.AddTiming(TimingPhase.Activation, 0, (uint)activationMicroseconds);
            ReadOutcome outcome = builder.ReadEmv(record, link, ReaderInterface.RfSim, null);
            link.EndSession();
            chip.PowerDown();
            return outcome;
        }

        /// <inheritdoc />
        public override PresenceResult CheckPresence()
        {
            Polls++;
            chip.PowerUp();
            RfSimDiscoveryResult found = link.Discover();
            link.EndSession();
            chip.PowerDown();
            if (found == RfSimDiscoveryResult.ChipError)
            {
                return PresenceResult.ChipError;
            }

            // Peer ids are fresh per session (PROTOCOL.md 8.4): any attach means a peer is still there.
            return found == RfSimDiscoveryResult.NoPeer ? PresenceResult.Absent : PresenceResult.Present;
        }

        /// <inheritdoc />
        public override void Release()
        {
            if (link != null && link.SessionActive)
            {
                link.EndSession();
            }

            if (chip != null && chip.IsPoweredUp)
            {
                chip.PowerDown();
            }
        }

        /// <inheritdoc />
        public override bool OpenSession(bool acceptStorage)
        {
            Polls++;
            chip.PowerUp();
            if (link.Discover() == RfSimDiscoveryResult.Attached)
            {
                return true;
            }

            chip.PowerDown();
            return false;
        }

        /// <inheritdoc />
        public override IApduChannel SessionChannel
        {
            get { return link; }
        }

        /// <inheritdoc />
        public override void DescribeSession(PassThroughResponseRecord record)
        {
            record.SetIdentity(link.PeerId, 4, null, -1, null, 0);
        }

        /// <summary>The link ends its own sessions (time and idle limits, PROTOCOL.md 8.1): a live one is present.</summary>
        public override bool SessionPresent()
        {
            return link.SessionActive;
        }

        /// <inheritdoc />
        public override void CloseSession()
        {
            Release();
        }

        /// <inheritdoc />
        public override void DescribeChip(StatusRecord status)
        {
            status.Nrf24Health = ChipHealthNames.Name(Health);
        }
    }
}
