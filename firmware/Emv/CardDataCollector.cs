using System;
using DualReader.Firmware.Tlv;

namespace DualReader.Firmware.Emv
{
    /// <summary>
    /// Takes the card data a transaction summary may show from READ RECORD (and GPO format 2) templates: the PAN
    /// (from 5A, else from track 2 equivalent data 57), the expiry (5F24, else track 2), whether the PAN is a token
    /// (9F19), the currency (9F51 for UnionPay electronic cash, else 9F42) and the ATC (9F36). PAN digits stay in a
    /// private buffer, wiped once masked; only the masked PAN reaches the summary.
    /// </summary>
    public sealed class CardDataCollector
    {
        private const int MaximumPanDigits = 19;

        // Where Take notes the first object of each tag it uses.
        private const int SlotPan = 0;
        private const int SlotTrack2 = 1;
        private const int SlotExpiry = 2;
        private const int SlotTokenRequestor = 3;
        private const int SlotElectronicCashCurrency = 4;
        private const int SlotApplicationCurrency = 5;
        private const int SlotTransactionCounter = 6;
        private const int WantedTagCount = 7;

        private readonly byte[] panDigits = new byte[MaximumPanDigits];
        private readonly int[] wantedOffsets = new int[WantedTagCount];
        private readonly int[] wantedLengths = new int[WantedTagCount];
        private int panLength;

        /// <summary>Forgets the PAN digits of the last read (wiped).</summary>
        public void Clear()
        {
            Array.Clear(panDigits, 0, panDigits.Length);
            panLength = 0;
        }

        /// <summary>
        /// Takes what the summary may show from the objects of a record template in <paramref name="response"/>; PAN
        /// digits go to a private buffer until <see cref="Finish"/> masks them.
        /// </summary>
        public bool Take(byte[] response, int offset, int length, TransactionSummary summary)
        {
            // One walk over the template notes where the first object of each wanted tag is (what a search per tag
            // would find); the rules below then apply in a fixed order, whatever the order of the objects. One walk
            // instead of one per tag: TLV walking is most of an EMV read's interpreter time.
            int[] offsets = wantedOffsets;
            int[] lengths = wantedLengths;
            for (int slot = 0; slot < WantedTagCount; slot++)
            {
                offsets[slot] = -1;
            }

            int position = offset;
            int limit = offset + length;
            int tag;
            int valueOffset;
            int valueLength;
            while (BerTlv.TryReadHeader(response, position, limit, out tag, out valueOffset, out valueLength))
            {
                position = valueOffset + valueLength;
                int slot = WantedSlot(tag);
                if (slot >= 0 && offsets[slot] < 0)
                {
                    offsets[slot] = valueOffset;
                    lengths[slot] = valueLength;
                }
            }

            int at = wantedOffsets[SlotPan];
            if (panLength == 0 && at >= 0)
            {
                TakePanDigits(response, at, wantedLengths[SlotPan], false);
            }

            at = wantedOffsets[SlotTrack2];
            if (at >= 0)
            {
                // Track 2 equivalent data (EMV Book 3 annex A): PAN, 'D', YYMM, service code, discretionary data.
                int track2Length = wantedLengths[SlotTrack2];
                int separator = TakePanDigits(response, at, track2Length, panLength != 0);
                if (summary.ExpiryMonth == 0 && separator >= 0 && separator + 4 < track2Length * 2)
                {
                    int year = NibbleAt(response, at, separator + 1) * 10 + NibbleAt(response, at, separator + 2);
                    int month = NibbleAt(response, at, separator + 3) * 10 + NibbleAt(response, at, separator + 4);
                    if (year >= 0 && year <= 99 && month >= 1 && month <= 12)
                    {
                        summary.ExpiryYear = year;
                        summary.ExpiryMonth = month;
                    }
                }
            }

            at = wantedOffsets[SlotExpiry];
            if (at >= 0 && wantedLengths[SlotExpiry] == 3)
            {
                int year = Bcd(response[at]);
                int month = Bcd(response[at + 1]);
                if (year >= 0 && month >= 1 && month <= 12)
                {
                    summary.ExpiryYear = year;
                    summary.ExpiryMonth = month;
                }
            }

            if (wantedOffsets[SlotTokenRequestor] >= 0)
            {
                summary.Credential = CredentialKind.Token;
            }

            at = wantedOffsets[SlotElectronicCashCurrency];
            if (at >= 0 && wantedLengths[SlotElectronicCashCurrency] == 2 && summary.AidStartsWith(EmvReader.UnionPayRid))
            {
                TakeCurrency(response, at, summary, true);
            }

            at = wantedOffsets[SlotApplicationCurrency];
            if (at >= 0 && wantedLengths[SlotApplicationCurrency] == 2)
            {
                TakeCurrency(response, at, summary, false);
            }

            at = wantedOffsets[SlotTransactionCounter];
            if (at >= 0 && wantedLengths[SlotTransactionCounter] == 2)
            {
                summary.HasTransactionCounter = true;
                summary.TransactionCounter = (response[at] << 8) | response[at + 1];
            }

            return true;
        }

        /// <summary>The slot of a tag <see cref="Take"/> looks for, or -1.</summary>
        private static int WantedSlot(int tag)
        {
            switch (tag)
            {
                case EmvTags.Pan: return SlotPan;
                case EmvTags.Track2EquivalentData: return SlotTrack2;
                case EmvTags.ApplicationExpirationDate: return SlotExpiry;
                case EmvTags.TokenRequestorIdentifier: return SlotTokenRequestor;
                case EmvTags.ElectronicCashCurrencyCode: return SlotElectronicCashCurrency;
                case EmvTags.ApplicationCurrencyCode: return SlotApplicationCurrency;
                case EmvTags.ApplicationTransactionCounter: return SlotTransactionCounter;
                default: return -1;
            }
        }

        /// <summary>An ISO 4217 numeric code in format n3 (2 bytes BCD, leading zero nibble); 9F51 wins over 9F42.</summary>
        private static void TakeCurrency(byte[] response, int offset, TransactionSummary summary, bool electronicCash)
        {
            int high = Bcd(response[offset]);
            int low = Bcd(response[offset + 1]);
            if (high < 0 || low < 0 || high > 9 || (summary.CurrencyCode >= 0 && !electronicCash))
            {
                return;
            }

            summary.CurrencyCode = high * 100 + low;
        }

        /// <summary>Copies PAN digits up to a 'D' separator or 'F' pad; returns the separator's nibble index or -1.
        /// With <paramref name="scanOnly"/> the digits are not stored (a PAN was already taken from 5A).</summary>
        private int TakePanDigits(byte[] response, int offset, int length, bool scanOnly)
        {
            int digits = 0;
            for (int nibble = 0; nibble < length * 2; nibble++)
            {
                int value = NibbleAt(response, offset, nibble);
                if (value == 0x0D)
                {
                    if (!scanOnly)
                    {
                        panLength = digits <= MaximumPanDigits ? digits : 0;
                    }

                    return nibble;
                }

                if (value > 9)
                {
                    break;
                }

                if (!scanOnly && digits < MaximumPanDigits)
                {
                    panDigits[digits] = (byte)value;
                }

                digits++;
            }

            if (!scanOnly)
            {
                panLength = digits <= MaximumPanDigits ? digits : 0;
            }

            return -1;
        }

        /// <summary>Masks the PAN taken (the one rule, <see cref="PanMasking"/>) into the summary and wipes the digits.</summary>
        public void Finish(TransactionSummary summary)
        {
            if (panLength == 0)
            {
                return;
            }

            // The one masking rule (PanMasking): first 6 and last 4 digits from 12 digits on, shorter PANs masked whole.
            summary.MaskedPan = PanMasking.Mask(panDigits, 0, panLength, false);
            if (summary.Credential == CredentialKind.Unknown)
            {
                summary.Credential = CredentialKind.Card;
            }

            Array.Clear(panDigits, 0, panDigits.Length);
        }

        private static int NibbleAt(byte[] response, int offset, int nibble)
        {
            int b = response[offset + nibble / 2];
            return (nibble & 1) == 0 ? b >> 4 : b & 0x0F;
        }

        private static int Bcd(int b)
        {
            int high = b >> 4;
            int low = b & 0x0F;
            return high > 9 || low > 9 ? -1 : high * 10 + low;
        }
    }
}
