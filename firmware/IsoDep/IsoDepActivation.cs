using DualReader.Firmware.Iso14443;
using DualReader.Hal;

namespace DualReader.Firmware.IsoDep
{
    /// <summary>
    /// Protocol activation of a PICC, ISO/IEC 14443-4 clause 5, for the PCD: RATS (5.6.1.1) and the ATS (5.2), the
    /// start-up frame guard time (5.2.5), and the bit rate change with PPS (5.3). <see cref="IsoDepTransport"/>
    /// runs it before the block protocol and keeps the outcome.
    /// </summary>
    internal sealed class IsoDepActivation
    {
        // RATS start byte and PPSS (5.6.1.1, 5.3.1).
        private const byte RatsStart = 0xE0;
        private const byte PpsStart = 0xD0;
        // PPS0 = 0x11: b5 = PPS1 follows, b1 = 1 as ISO/IEC 14443-4 5.3.2 requires (not the 0x01 some readers send).
        private const byte PpsParameter0 = 0x11;

        private readonly IFrameTransceiver transceiver;
        private readonly IClock clock;
        private readonly AnswerToSelect answerToSelect = new AnswerToSelect();

        /// <summary>Activation over <paramref name="transceiver"/>; <paramref name="clock"/> times SFGT.</summary>
        internal IsoDepActivation(IFrameTransceiver transceiver, IClock clock)
        {
            this.transceiver = transceiver;
            this.clock = clock;
        }

        /// <summary>The PICC's parsed ATS.</summary>
        internal AnswerToSelect AnswerToSelect
        {
            get { return answerToSelect; }
        }

        /// <summary>Rate from reader to PICC after PPS.</summary>
        internal BitRate PcdToPiccRate { get; private set; }

        /// <summary>Rate from PICC to reader after PPS.</summary>
        internal BitRate PiccToPcdRate { get; private set; }

        /// <summary>True when PPS was exchanged during the last activation.</summary>
        internal bool PpsUsed { get; private set; }

        /// <summary>FWT of the activated PICC, without ΔFWT (µs; valid after <see cref="Activate"/> returned Ok).</summary>
        internal int FrameWaitingMicroseconds { get; private set; }

        /// <summary>
        /// RATS with <paramref name="frameSizeDeviceIndex"/> and <paramref name="cid"/> (retried up to
        /// <paramref name="maximumRetransmissions"/> times), the ATS, SFGT, then PPS when
        /// <paramref name="maximumBitRate"/>, TA(1) and the transceiver allow a higher rate. The frames go through
        /// <paramref name="transmitFrame"/> and <paramref name="receiveFrame"/>; answers are at most
        /// <paramref name="receiveCapacity"/> bytes, the ATS at most FSD (<paramref name="frameSizeForDevice"/>).
        /// </summary>
        internal ActivationResult Activate(byte[] transmitFrame, byte[] receiveFrame, int receiveCapacity, int frameSizeDeviceIndex, int frameSizeForDevice, int cid, BitRate maximumBitRate, int maximumRetransmissions)
        {
            PpsUsed = false;
            PcdToPiccRate = BitRate.Kbps106;
            PiccToPcdRate = BitRate.Kbps106;
            answerToSelect.Reset();

            transmitFrame[0] = RatsStart;
            transmitFrame[1] = (byte)((frameSizeDeviceIndex << 4) | cid);
            int received = 0;
            TransceiveResult link = TransceiveResult.NoResponse;
            for (int attempt = 0; attempt <= maximumRetransmissions; attempt++)
            {
                link = transceiver.Transceive(transmitFrame, 0, 2, receiveFrame, 0, receiveCapacity, FrameTiming.ActivationWaitingMicroseconds, out received);
                if (link == TransceiveResult.Ok || link == TransceiveResult.ChipError)
                {
                    break;
                }
            }

            if (link == TransceiveResult.ChipError)
            {
                return ActivationResult.ChipError;
            }

            if (link == TransceiveResult.NoResponse)
            {
                return ActivationResult.NoResponse;
            }

            if (link == TransceiveResult.BufferOverflow)
            {
                return ActivationResult.MalformedAts;
            }

            if (link != TransceiveResult.Ok)
            {
                return ActivationResult.TransmissionError;
            }

            if (!answerToSelect.TryParse(receiveFrame, 0, received, frameSizeForDevice))
            {
                return ActivationResult.MalformedAts;
            }

            FrameWaitingMicroseconds = FrameTiming.FrameWaitingMicroseconds(answerToSelect.FrameWaitingIndex);
            WaitStartUpFrameGuard();

            BitRate towardsPicc = ChooseRate(answerToSelect.PcdToPiccRates, maximumBitRate);
            BitRate towardsPcd = ChooseRate(answerToSelect.PiccToPcdRates, maximumBitRate);
            if (answerToSelect.SameBitRateBothDirections)
            {
                BitRate common = towardsPicc < towardsPcd ? towardsPicc : towardsPcd;
                towardsPicc = common;
                towardsPcd = common;
            }

            if (towardsPicc != BitRate.Kbps106 || towardsPcd != BitRate.Kbps106)
            {
                if (!TryPps(transmitFrame, receiveFrame, receiveCapacity, FrameWaitingMicroseconds + FrameTiming.DeltaFrameWaitingMicroseconds, cid, towardsPicc, towardsPcd))
                {
                    // 5.6.2.2: without a valid PPS response the PICC stays at 106 kbit/s; so do we.
                    PcdToPiccRate = BitRate.Kbps106;
                    PiccToPcdRate = BitRate.Kbps106;
                }
            }

            return ActivationResult.Ok;
        }

        private void WaitStartUpFrameGuard()
        {
            int guard = FrameTiming.StartUpFrameGuardMicroseconds(answerToSelect.StartUpFrameGuardIndex);
            if (guard > 0)
            {
                // 5.2.5: the PICC needs SFGT after the ATS before it can receive the next frame; nothing to poll.
                clock.Delay(guard);
            }
        }

        private BitRate ChooseRate(int supportedMask, BitRate maximumBitRate)
        {
            int best = 0;
            for (int rate = 1; rate <= (int)maximumBitRate; rate++)
            {
                if ((supportedMask & (1 << rate)) != 0 && transceiver.SupportsBitRate((BitRate)rate))
                {
                    best = rate;
                }
            }

            return (BitRate)best;
        }

        private bool TryPps(byte[] transmitFrame, byte[] receiveFrame, int receiveCapacity, int wait, int cid, BitRate towardsPicc, BitRate towardsPcd)
        {
            // 5.3: PPSS = D0 | CID, PPS0 = 11 (PPS1 present), PPS1 = DSI (b4-b3, PICC to PCD) | DRI (b2-b1, PCD to PICC).
            transmitFrame[0] = (byte)(PpsStart | cid);
            transmitFrame[1] = PpsParameter0;
            transmitFrame[2] = (byte)(((int)towardsPcd << 2) | (int)towardsPicc);
            int received;
            TransceiveResult link = transceiver.Transceive(transmitFrame, 0, 3, receiveFrame, 0, receiveCapacity, wait, out received);
            if (link != TransceiveResult.Ok || received != 1 || receiveFrame[0] != transmitFrame[0])
            {
                return false;
            }

            // 5.3.4: the new rates apply from the first frame after the PPS response.
            transceiver.SetBitRates(towardsPicc, towardsPcd);
            PcdToPiccRate = towardsPicc;
            PiccToPcdRate = towardsPcd;
            PpsUsed = true;
            return true;
        }
    }
}
