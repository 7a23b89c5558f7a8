using System;
using DualReader.Firmware.Iso14443;

namespace DualReader.Firmware.Mifare
{
    /// <summary>
    /// Reads a transit balance from a selected MIFARE Classic card: authenticate the sector with the configured key,
    /// READ the balance block, check the value block format (MF1S50 8.6.2.1) and return the value in minor units. When
    /// the authentication fails it tells a wrong key from a card that left with one WUPA (ISO/IEC 14443-3 6.3.1): a
    /// card that refused the key is back in IDLE and answers it. The key is only handed to the chip; nothing here logs
    /// or keeps it. No allocation.
    /// </summary>
    public sealed class TransitReader
    {
        // WUPA probe after a failed authentication: the activation's frame timeout.
        private const int ProbeTimeoutMicroseconds = TypeAActivation.DefaultFrameTimeoutMicroseconds;

        private readonly MifareClassic classic;
        private readonly IBitFrameTransceiver bits;
        private readonly byte[] probe = new byte[1];
        private readonly byte[] answer = new byte[2];

        /// <summary>A transit reader using <paramref name="classic"/> and, for the presence probe, <paramref name="bits"/>.</summary>
        public TransitReader(MifareClassic classic, IBitFrameTransceiver bits)
        {
            if (classic == null || bits == null)
            {
                throw new ArgumentNullException(classic == null ? "classic" : "bits");
            }

            this.classic = classic;
            this.bits = bits;
        }

        /// <summary>The MIFARE result behind the last outcome (for traces).</summary>
        public MifareResult LastResult { get; private set; }

        /// <summary>
        /// Reads the balance of the selected card <paramref name="card"/> from block <paramref name="balanceBlock"/>
        /// (0..2, counted within <paramref name="sector"/>; 0..14 in the 16-block sectors of a 4K card), authenticating
        /// with <paramref name="keyType"/> and the 6 bytes of <paramref name="key"/> at <paramref name="keyOffset"/>.
        /// <paramref name="balance"/> is the signed value in minor units (0 unless <see cref="ReadOutcome.Ok"/>).
        /// Crypto1 is off again when it returns; the card is left selected (or in IDLE/READY after a failure).
        /// </summary>
        public ReadOutcome ReadBalance(PiccIdentity card, int sector, MifareKeyType keyType, byte[] key, int keyOffset, int balanceBlock, out int balance)
        {
            if (card == null || key == null)
            {
                throw new ArgumentNullException(card == null ? "card" : "key");
            }

            if (sector < 0 || sector >= MifareClassicLayout.Sectors4K)
            {
                throw new ArgumentOutOfRangeException("sector");
            }

            if (balanceBlock < 0 || balanceBlock > MifareClassicLayout.BlocksInSector(sector) - 2)
            {
                throw new ArgumentOutOfRangeException("balanceBlock");
            }

            balance = 0;
            int block = MifareClassicLayout.FirstBlock(sector) + balanceBlock;
            MifareResult result = classic.Authenticate(keyType, block, key, keyOffset, card.Uid, 0, card.UidLength);
            LastResult = result;
            if (result != MifareResult.Ok)
            {
                classic.StopCrypto1();
                if (result == MifareResult.ChipError)
                {
                    return ReadOutcome.ChipError;
                }

                return CardAnswersWakeUp() ? ReadOutcome.AuthFailed : ReadOutcome.NoResponse;
            }

            int value;
            int address;
            result = classic.ReadValue(block, out value, out address);
            LastResult = result;
            classic.StopCrypto1();
            switch (result)
            {
                case MifareResult.Ok:
                    balance = value;
                    return ReadOutcome.Ok;
                case MifareResult.ValueBlockInvalid:
                    return ReadOutcome.ValueBlockInvalid;
                case MifareResult.Nak:
                    return ReadOutcome.CardRejected;
                case MifareResult.NoResponse:
                    return ReadOutcome.NoResponse;
                case MifareResult.ChipError:
                    return ReadOutcome.ChipError;
                default:
                    return ReadOutcome.TransmissionError;
            }
        }

        private bool CardAnswersWakeUp()
        {
            probe[0] = TypeAActivation.WakeUpA;
            int receivedBits;
            int collision;
            TransceiveResult result = bits.TransceiveBits(probe, 0, 7, answer, 0, answer.Length, 0, 2, ProbeTimeoutMicroseconds, out receivedBits, out collision);
            return result == TransceiveResult.Ok || result == TransceiveResult.Collision;
        }
    }
}
