using System;
using DualReader.Firmware.Emv;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Mifare;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// Reads a PICC without ISO/IEC 14443-4 (SAK b6 = 0) into a transaction record: its family from SAK/ATQA and
    /// GET_VERSION (<see cref="CardFamilyDetector"/>), then what the configuration asks for: a MIFARE Classic card's
    /// balance with the host's transit profile, a Type 2 tag's (Ultralight, NTAG21x) NDEF message always. A card of
    /// another family gives its UID record as before. Built on the first such card (its buffers, about 2.5 KB, are not
    /// held by a reader that only ever sees payment cards).
    /// </summary>
    public sealed class StorageCardReader
    {
        private readonly Mfrc522.Mfrc522 chip;
        private readonly TypeAActivation activation;
        private readonly CardFamilyDetector detector;
        private readonly TransitReader transit;
        private readonly NdefTagReader tags;
        private readonly NdefMessage message = new NdefMessage();
        private readonly byte[] key = new byte[ReaderConfiguration.TransitKeyLength];

        /// <summary>A reader over <paramref name="chip"/> (its Crypto1 unit authenticates MIFARE Classic sectors).</summary>
        public StorageCardReader(Mfrc522.Mfrc522 chip, TypeAActivation activation)
        {
            this.chip = chip;
            this.activation = activation;
            Type2Tag type2 = new Type2Tag(chip, chip);
            detector = new CardFamilyDetector(type2);
            transit = new TransitReader(new MifareClassic(chip, chip, chip), chip);
            tags = new NdefTagReader(type2);
        }

        /// <summary>Reads the selected PICC <paramref name="identity"/> into <paramref name="record"/>.</summary>
        public ReadOutcome Read(TransactionRecord record, PiccIdentity identity, ReaderConfiguration configuration)
        {
            CardFamily family = detector.Detect(identity);
            if (detector.NeedsReactivation && activation.Activate(true, identity) != ActivationStatus.Ok)
            {
                // GET_VERSION unanswered sends a tag back to IDLE (NTAG21x 10.2): WUPA and select it again.
                return ReadOutcome.DeviceLost;
            }

            if (family == CardFamily.Unknown)
            {
                return ReadOutcome.Ok;
            }

            record.CardType = CardFamilyNames.Name(family);
            if (configuration.ReadDepth == ReadDepth.Detect)
            {
                return ReadOutcome.Ok;
            }

            if (CardFamilyNames.IsClassic(family))
            {
                return configuration.HasTransitProfile ? ReadBalance(record, identity, configuration) : ReadOutcome.Ok;
            }

            return ReadNdef(record);
        }

        private ReadOutcome ReadBalance(TransactionRecord record, PiccIdentity identity, ReaderConfiguration configuration)
        {
            configuration.CopyTransitKey(key, 0);
            int balance;
            ReadOutcome outcome = transit.ReadBalance(identity, configuration.TransitSector, configuration.TransitKeyIsB ? MifareKeyType.KeyB : MifareKeyType.KeyA, key, 0, configuration.TransitBalanceBlock, out balance);

            // The key is needed only inside the chip's Crypto1 unit (it went there through the FIFO, MFAuthent).
            Array.Clear(key, 0, key.Length);
            if (outcome == ReadOutcome.Ok)
            {
                record.HasBalance = true;
                record.BalanceMinorUnits = balance;
            }

            return outcome;
        }

        private ReadOutcome ReadNdef(TransactionRecord record)
        {
            NdefStatus status = tags.Read(message);
            switch (status)
            {
                case NdefStatus.Ok:
                    for (int index = 0; index < message.Count; index++)
                    {
                        record.Ndef.Add(new NdefEntry(message.TypeName(index), message.Value(index)));
                    }

                    message.Clear();
                    return ReadOutcome.Ok;
                case NdefStatus.NotFormatted:
                case NdefStatus.UnsupportedVersion:
                case NdefStatus.NoMessage:
                case NdefStatus.EmptyMessage:
                    // A tag without an NDEF message is read completely when its card type is known.
                    return ReadOutcome.Ok;
                case NdefStatus.ReadFailed:
                    return ReadOutcome.NoResponse;
                default:
                    message.Clear();
                    return ReadOutcome.MalformedData;
            }
        }
    }
}
