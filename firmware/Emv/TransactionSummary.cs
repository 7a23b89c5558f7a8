using System;
using System.Text;
using DualReader.Firmware.Apdu;

namespace DualReader.Firmware.Emv
{
    /// <summary>
    /// What a read produced, and nothing that must stay on the card side: the PAN only masked (first 6, last 4),
    /// no track 2, no cryptogram (9F26), no issuer application data (9F10), no cardholder name (5F20).
    /// Allocated once and reused (<see cref="Clear"/>).
    /// </summary>
    public sealed class TransactionSummary
    {
        private readonly byte[] uid = new byte[10];
        private readonly byte[] ats = new byte[254];
        private readonly byte[] aid = new byte[16];

        /// <summary>How the read ended.</summary>
        public ReadOutcome Outcome { get; set; }

        /// <summary>The phase that ended the read (<see cref="ReadPhase.Done"/> on success).</summary>
        public ReadPhase Phase { get; set; }

        /// <summary>UID length (4, 7 or 10; 0 when unknown).</summary>
        public int UidLength { get; private set; }

        /// <summary>ATS length, TL included (0 when none).</summary>
        public int AtsLength { get; private set; }

        /// <summary>Length of the selected AID (0 when none).</summary>
        public int AidLength { get; private set; }

        /// <summary>Application label (tag 50), or null.</summary>
        public string ApplicationLabel { get; set; }

        /// <summary>Application priority indicator b4-b1 of the chosen entry (0: none given).</summary>
        public int ApplicationPriority { get; set; }

        /// <summary>Directory entries found in the PPSE.</summary>
        public int CandidateCount { get; set; }

        /// <summary>PAN with every digit but the first 6 and last 4 replaced by '*'; null when no PAN was read.</summary>
        public string MaskedPan { get; set; }

        /// <summary>Two-digit expiry year (5F24 or track 2), -1 when unknown.</summary>
        public int ExpiryYear { get; set; }

        /// <summary>Expiry month 1-12, 0 when unknown.</summary>
        public int ExpiryMonth { get; set; }

        /// <summary>Token or card, where the wallet says so.</summary>
        public CredentialKind Credential { get; set; }

        /// <summary>True when 9F79 (electronic cash balance) was read.</summary>
        public bool HasBalance { get; set; }

        /// <summary>9F79 in minor units of the card currency.</summary>
        public long Balance { get; set; }

        /// <summary>ISO 4217 numeric currency of the card (9F51 for PBOC electronic cash, else 9F42), or -1.</summary>
        public int CurrencyCode { get; set; } = -1;

        /// <summary>True when the ATC (9F36) was read, from GPO or GET DATA.</summary>
        public bool HasTransactionCounter { get; set; }

        /// <summary>9F36 application transaction counter.</summary>
        public int TransactionCounter { get; set; }

        /// <summary>True when 9F13 (last online ATC register) was read.</summary>
        public bool HasLastOnlineTransactionCounter { get; set; }

        /// <summary>9F13.</summary>
        public int LastOnlineTransactionCounter { get; set; }

        /// <summary>Records read along the AFL.</summary>
        public int RecordsRead { get; set; }

        /// <summary>SELECT PPSE status word.</summary>
        public StatusWord SelectPpseStatus { get; set; }

        /// <summary>SELECT AID status word (of the application finally selected, or of the last refusal).</summary>
        public StatusWord SelectApplicationStatus { get; set; }

        /// <summary>GET PROCESSING OPTIONS status word.</summary>
        public StatusWord ProcessingOptionsStatus { get; set; }

        /// <summary>Status word of the last READ RECORD.</summary>
        public StatusWord ReadRecordStatus { get; set; }

        /// <summary>GET DATA 9F79 status word (absent when not sent).</summary>
        public StatusWord BalanceStatus { get; set; }

        /// <summary>GET DATA 9F36 status word (absent when not sent).</summary>
        public StatusWord TransactionCounterStatus { get; set; }

        /// <summary>GET DATA 9F13 status word (absent when not sent).</summary>
        public StatusWord LastOnlineTransactionCounterStatus { get; set; }

        /// <summary>Activation time (set by the caller that activated the PICC), µs.</summary>
        public long ActivationMicroseconds { get; set; }

        /// <summary>SELECT PPSE, µs.</summary>
        public long SelectPpseMicroseconds { get; set; }

        /// <summary>SELECT AID (all candidates tried), µs.</summary>
        public long SelectApplicationMicroseconds { get; set; }

        /// <summary>GET PROCESSING OPTIONS, µs.</summary>
        public long ProcessingOptionsMicroseconds { get; set; }

        /// <summary>All READ RECORD commands, µs.</summary>
        public long ReadRecordsMicroseconds { get; set; }

        /// <summary>All GET DATA commands, µs.</summary>
        public long GetDataMicroseconds { get; set; }

        /// <summary>The whole application-level read (from SELECT PPSE on), µs.</summary>
        public long TotalMicroseconds { get; set; }

        /// <summary>Forgets everything (UID and ATS included).</summary>
        public void Clear()
        {
            UidLength = 0;
            AtsLength = 0;
            Array.Clear(uid, 0, uid.Length);
            Array.Clear(ats, 0, ats.Length);
            ClearApplicationData();
            Outcome = ReadOutcome.Ok;
            Phase = ReadPhase.None;
            ActivationMicroseconds = 0;
        }

        /// <summary>Forgets what the application read, keeping UID, ATS and activation time.</summary>
        public void ClearApplicationData()
        {
            AidLength = 0;
            Array.Clear(aid, 0, aid.Length);
            ApplicationLabel = null;
            ApplicationPriority = 0;
            CandidateCount = 0;
            MaskedPan = null;
            ExpiryYear = -1;
            ExpiryMonth = 0;
            Credential = CredentialKind.Unknown;
            HasBalance = false;
            Balance = 0;
            CurrencyCode = -1;
            HasTransactionCounter = false;
            TransactionCounter = 0;
            HasLastOnlineTransactionCounter = false;
            LastOnlineTransactionCounter = 0;
            RecordsRead = 0;
            SelectPpseStatus = new StatusWord();
            SelectApplicationStatus = new StatusWord();
            ProcessingOptionsStatus = new StatusWord();
            ReadRecordStatus = new StatusWord();
            BalanceStatus = new StatusWord();
            TransactionCounterStatus = new StatusWord();
            LastOnlineTransactionCounterStatus = new StatusWord();
            SelectPpseMicroseconds = 0;
            SelectApplicationMicroseconds = 0;
            ProcessingOptionsMicroseconds = 0;
            ReadRecordsMicroseconds = 0;
            GetDataMicroseconds = 0;
            TotalMicroseconds = 0;
        }

        /// <summary>Records the UID from anticollision.</summary>
        public void SetUid(byte[] source, int offset, int count)
        {
            if (count < 0 || count > uid.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            Array.Copy(source, offset, uid, 0, count);
            UidLength = count;
        }

        /// <summary>Records the ATS (TL included).</summary>
        public void SetAts(byte[] source, int offset, int count)
        {
            if (count < 0 || count > ats.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            Array.Copy(source, offset, ats, 0, count);
            AtsLength = count;
        }

        /// <summary>Records the selected AID.</summary>
        public void SetAid(byte[] source, int offset, int count)
        {
            if (count < 0 || count > aid.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            Array.Copy(source, offset, aid, 0, count);
            AidLength = count;
        }

        /// <summary>True when the selected AID begins with <paramref name="prefix"/> (e.g. a RID).</summary>
        public bool AidStartsWith(byte[] prefix)
        {
            if (prefix.Length > AidLength)
            {
                return false;
            }

            for (int i = 0; i < prefix.Length; i++)
            {
                if (aid[i] != prefix[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Copies the UID; returns its length.</summary>
        public int CopyUid(byte[] destination, int offset)
        {
            Array.Copy(uid, 0, destination, offset, UidLength);
            return UidLength;
        }

        /// <summary>Copies the ATS; returns its length.</summary>
        public int CopyAts(byte[] destination, int offset)
        {
            Array.Copy(ats, 0, destination, offset, AtsLength);
            return AtsLength;
        }

        /// <summary>Copies the AID; returns its length.</summary>
        public int CopyAid(byte[] destination, int offset)
        {
            Array.Copy(aid, 0, destination, offset, AidLength);
            return AidLength;
        }

        /// <summary>The UID as hex.</summary>
        public string UidHex
        {
            get { return Hex(uid, UidLength); }
        }

        /// <summary>The ATS as hex.</summary>
        public string AtsHex
        {
            get { return Hex(ats, AtsLength); }
        }

        /// <summary>The AID as hex.</summary>
        public string AidHex
        {
            get { return Hex(aid, AidLength); }
        }

        /// <summary>One line, safe to log: no full PAN, track 2, cryptogram or name can appear in it.</summary>
        public override string ToString()
        {
            StringBuilder text = new StringBuilder();
            text.Append("outcome=").Append(ReadOutcomeNames.Name(Outcome));
            text.Append(" uid=").Append(UidHex);
            text.Append(" aid=").Append(AidHex);
            if (ApplicationLabel != null)
            {
                text.Append(" label=").Append(ApplicationLabel);
            }

            if (MaskedPan != null)
            {
                text.Append(" pan=").Append(MaskedPan);
            }

            if (ExpiryMonth != 0)
            {
                text.Append(" expiry=").Append(ExpiryMonth.ToString("D2")).Append('/').Append(ExpiryYear.ToString("D2"));
            }

            if (HasBalance)
            {
                text.Append(" balance=").Append(Balance.ToString());
            }

            if (CurrencyCode >= 0)
            {
                text.Append(" currency=").Append(CurrencyCode.ToString("D3"));
            }

            if (HasTransactionCounter)
            {
                text.Append(" atc=").Append(TransactionCounter.ToString());
            }

            text.Append(" total_us=").Append(TotalMicroseconds.ToString());
            return text.ToString();
        }

        private static string Hex(byte[] data, int count)
        {
            const string digits = "0123456789ABCDEF";
            char[] text = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                text[2 * i] = digits[data[i] >> 4];
                text[2 * i + 1] = digits[data[i] & 0x0F];
            }

            return new string(text);
        }
    }
}
