using System.Collections;
using DualReader.Firmware.Emv;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// One transaction: what was read from a card, phone or RF-SIM peer and how it ended (ARCHITECTURE.md "Decoded
    /// records"). Optional fields are left out of the payload when unset (null, -1 or false).
    /// </summary>
    public sealed class TransactionRecord : ReaderRecord
    {
        private readonly ArrayList timings = new ArrayList();
        private readonly ArrayList ndef = new ArrayList();

        /// <summary>A record about the NFC radio until told otherwise.</summary>
        public TransactionRecord()
            : base(ReaderInterface.Nfc)
        {
        }

        public override MessageType Type
        {
            get { return MessageType.Transaction; }
        }

        /// <summary>The card's UID, or the RF-SIM peer's session id.</summary>
        public byte[] Uid { get; set; }

        /// <summary>The selected application's AID; null when none was selected.</summary>
        public byte[] Aid { get; set; }

        /// <summary>The PAN masked per <see cref="PanMasking"/>; null when no PAN was read. The encoder refuses anything else.</summary>
        public string PanMasked { get; set; }

        /// <summary>"ok" or an error name (e.g. an <see cref="ExchangeResult"/> name in snake case).</summary>
        public string Outcome { get; set; } = "ok";

        public uint DurationMicroseconds { get; set; }

        /// <summary>The ATS (ISO/IEC 14443-4, 5.2) without CRC; null for RF-SIM or plain Type A.</summary>
        public byte[] Ats { get; set; }

        /// <summary>ATQA as received (2 bytes); null for RF-SIM.</summary>
        public byte[] Atqa { get; set; }

        /// <summary>SAK of the last cascade level; -1 when not applicable (RF-SIM).</summary>
        public int Sak { get; set; } = -1;

        /// <summary>Application label (EMV tag 50).</summary>
        public string ApplicationLabel { get; set; }

        /// <summary>Expiry month as "YYMM" (the first two bytes of EMV tag 5F24).</summary>
        public string Expiry { get; set; }

        public CredentialKind Credential { get; set; } = CredentialKind.Unknown;

        /// <summary>True when <see cref="BalanceMinorUnits"/> is set (with <see cref="CurrencyCode"/> when the card names its currency).</summary>
        public bool HasBalance { get; set; }

        /// <summary>Balance in minor units of <see cref="CurrencyCode"/> (e.g. cents).</summary>
        public long BalanceMinorUnits { get; set; }

        /// <summary>ISO 4217 numeric currency code (e.g. 156 for CNY); -1 when unknown.</summary>
        public int CurrencyCode { get; set; } = -1;

        /// <summary>Application transaction counter (EMV tag 9F36); -1 when not read.</summary>
        public int ApplicationTransactionCounter { get; set; } = -1;

        /// <summary>The status word of the last APDU (SW1 SW2); -1 when no APDU was exchanged.</summary>
        public int LastStatusWord { get; set; } = -1;

        /// <summary>The card family of a storage card ("mifare_classic_1k", "ntag213", ...); null for EMV reads.</summary>
        public string CardType { get; set; }

        /// <summary>The NDEF records of a tag, <see cref="NdefEntry"/> items in order.</summary>
        public ArrayList Ndef
        {
            get { return ndef; }
        }

        /// <summary>The per-phase timings, <see cref="PhaseTiming"/> items in order.</summary>
        public ArrayList Timings
        {
            get { return timings; }
        }

        public void AddTiming(TimingPhase phase, int index, uint durationMicroseconds)
        {
            timings.Add(new PhaseTiming(phase, index, durationMicroseconds));
        }

        public override EncodeStatus Validate()
        {
            if (PanMasked != null && !PanMasking.IsMasked(PanMasked))
            {
                return EncodeStatus.PanNotMasked;
            }

            return Outcome == null ? EncodeStatus.MissingField : EncodeStatus.Ok;
        }

        public override void WriteFields(FieldWriter writer)
        {
            WriteCommonFields(writer);
            writer.WriteBytes(FieldTag.Uid, Uid);
            writer.WriteBytes(FieldTag.Aid, Aid);
            writer.WriteText(FieldTag.PanMasked, PanMasked);
            writer.WriteText(FieldTag.Outcome, Outcome);
            writer.WriteUInt32(FieldTag.DurationMicroseconds, DurationMicroseconds);
            writer.WriteBytes(FieldTag.Ats, Ats);
            writer.WriteBytes(FieldTag.Atqa, Atqa);
            if (Sak >= 0)
            {
                writer.WriteByte(FieldTag.Sak, (byte)Sak);
            }

            writer.WriteText(FieldTag.ApplicationLabel, ApplicationLabel);
            writer.WriteText(FieldTag.Expiry, Expiry);
            if (Credential != CredentialKind.Unknown)
            {
                writer.WriteByte(FieldTag.CardKind, (byte)Credential);
            }

            if (HasBalance)
            {
                writer.WriteInt64(FieldTag.BalanceMinorUnits, BalanceMinorUnits);
            }

            if (CurrencyCode >= 0)
            {
                writer.WriteUInt16(FieldTag.CurrencyCode, CurrencyCode);
            }

            if (ApplicationTransactionCounter >= 0)
            {
                writer.WriteUInt16(FieldTag.ApplicationTransactionCounter, ApplicationTransactionCounter);
            }

            if (LastStatusWord >= 0)
            {
                writer.WriteUInt16(FieldTag.LastStatusWord, LastStatusWord);
            }

            writer.WriteText(FieldTag.CardType, CardType);
            for (int index = 0; index < ndef.Count; index++)
            {
                ((NdefEntry)ndef[index]).Write(writer, FieldTag.NdefRecord);
            }

            for (int index = 0; index < timings.Count; index++)
            {
                PhaseTiming timing = (PhaseTiming)timings[index];
                int value = writer.BeginField(FieldTag.Timing, 6);
                if (value >= 0)
                {
                    writer.Buffer[value] = (byte)timing.Phase;
                    writer.Buffer[value + 1] = (byte)timing.Index;
                    FieldWriter.PutUInt32(writer.Buffer, value + 2, timing.DurationMicroseconds);
                }
            }
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.Uid: Uid = FieldReader.GetBytes(buffer, index, length); break;
                case FieldTag.Aid: Aid = FieldReader.GetBytes(buffer, index, length); break;
                case FieldTag.PanMasked: PanMasked = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.Outcome: Outcome = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.DurationMicroseconds: DurationMicroseconds = FieldReader.GetUInt32(buffer, index); break;
                case FieldTag.Ats: Ats = FieldReader.GetBytes(buffer, index, length); break;
                case FieldTag.Atqa: Atqa = FieldReader.GetBytes(buffer, index, length); break;
                case FieldTag.Sak: Sak = buffer[index]; break;
                case FieldTag.ApplicationLabel: ApplicationLabel = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.Expiry: Expiry = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.CardKind: Credential = (CredentialKind)buffer[index]; break;
                case FieldTag.BalanceMinorUnits: HasBalance = true; BalanceMinorUnits = FieldReader.GetInt64(buffer, index); break;
                case FieldTag.CurrencyCode: CurrencyCode = FieldReader.GetUInt16(buffer, index); break;
                case FieldTag.ApplicationTransactionCounter: ApplicationTransactionCounter = FieldReader.GetUInt16(buffer, index); break;
                case FieldTag.LastStatusWord: LastStatusWord = FieldReader.GetUInt16(buffer, index); break;
                case FieldTag.Timing:
                    if (length >= 6)
                    {
                        AddTiming((TimingPhase)buffer[index], buffer[index + 1], FieldReader.GetUInt32(buffer, index + 2));
                    }

                    break;
                case FieldTag.CardType: CardType = FieldReader.GetText(buffer, index, length); break;
                case FieldTag.NdefRecord:
                    NdefEntry entry = NdefEntry.Read(buffer, index, length);
                    if (entry != null)
                    {
                        ndef.Add(entry);
                    }

                    break;
                default: ReadCommonField(tag, buffer, index); break;
            }
        }
    }
}
