using System;
using DualReader.Firmware.Apdu;
using DualReader.Firmware.Tlv;
using DualReader.Hal;

namespace DualReader.Firmware.Emv
{
    /// <summary>
    /// Reads an EMV / PBOC (qPBOC, qVSDC, PayPass-style) card or phone over any <see cref="IApduChannel"/>:
    /// SELECT PPSE (2PAY.SYS.DDF01), choice of the application by priority (tag 87) among the directory entries
    /// (61 / 4F / 50 / 87), SELECT AID (falling back to the next candidate when refused), GET PROCESSING OPTIONS
    /// with the PDOL filled from <see cref="TerminalData"/>, READ RECORD along the AFL, GET DATA 9F79 (electronic
    /// cash balance, UnionPay applications only), 9F36 (ATC, when GPO did not return it) and 9F13.
    /// Sensitive data (PAN, track 2, 9F26, 9F10, 5F20) stays in buffers owned here and is wiped after parsing:
    /// only the <see cref="TransactionSummary"/> leaves, with the PAN masked.
    /// </summary>
    public sealed class EmvReader
    {
        /// <summary>Directory entries considered (EMV Book B allows more; phones and cards list 1 to 3).</summary>
        public const int MaximumCandidates = 8;

        /// <summary>Response buffer length: a short response (256 + SW) plus room for GET RESPONSE chains.</summary>
        public const int ResponseBufferLength = 1024;

        private const int MaximumAidLength = 16;
        private const int MaximumLabelLength = 16;

        // Tags come from EmvTags. Currency of the balance: PBOC 3.0 part 13 (electronic cash) names 9F51 the application currency code of
        // the EC balance, so it is read from UnionPay applications only (other kernels give 9F51 other meanings, e.g.
        // DRDOL in EMV Contactless Book C-2); EMV Book 3 annex A has 9F42 (application currency code, the account's
        // currency) for every card. Both n3.


        private static readonly byte[] PpseName = new byte[] { 0x32, 0x50, 0x41, 0x59, 0x2E, 0x53, 0x59, 0x53, 0x2E, 0x44, 0x44, 0x46, 0x30, 0x31 };
        private static readonly int[] DirectoryPath = new int[] { EmvTags.FileControlInformation, EmvTags.FciProprietaryTemplate, EmvTags.FciIssuerDiscretionaryData };
        private static readonly int[] LabelPath = new int[] { EmvTags.FileControlInformation, EmvTags.FciProprietaryTemplate, EmvTags.ApplicationLabel };
        private static readonly int[] PdolPath = new int[] { EmvTags.FileControlInformation, EmvTags.FciProprietaryTemplate, EmvTags.ProcessingOptionsDataObjectList };
        internal static readonly byte[] UnionPayRid = new byte[] { 0xA0, 0x00, 0x00, 0x03, 0x33 };

        private readonly ApduClient client;
        private readonly TerminalData terminal;
        private readonly IRandomSource random;
        private readonly IClock clock;
        private long transactionLimitMicroseconds = 10000000;
        private long readDeadline;
        private bool timeLimitReached;
        private readonly byte[] response = new byte[ResponseBufferLength];
        private readonly byte[] commandData = new byte[256];
        private readonly byte[] processingOptionsList = new byte[252];
        private readonly byte[] fileLocator = new byte[252];
        private readonly byte[] candidateAids = new byte[MaximumCandidates * MaximumAidLength];
        private readonly int[] candidateAidLengths = new int[MaximumCandidates];
        private readonly byte[] candidateLabels = new byte[MaximumCandidates * MaximumLabelLength];
        private readonly int[] candidateLabelLengths = new int[MaximumCandidates];
        private readonly int[] candidatePriorities = new int[MaximumCandidates];
        private readonly bool[] candidateTried = new bool[MaximumCandidates];
        private readonly CardDataCollector cardData = new CardDataCollector();
        private int candidateCount;
        private int processingOptionsListLength;
        private int fileLocatorLength;

        /// <summary>A reader over <paramref name="channel"/>; <paramref name="random"/> supplies 9F37,
        /// <paramref name="clock"/> times the phases.</summary>
        public EmvReader(IApduChannel channel, TerminalData terminal, IRandomSource random, IClock clock)
        {
            if (channel == null || terminal == null || random == null || clock == null)
            {
                throw new ArgumentNullException(channel == null ? "channel" : (terminal == null ? "terminal" : (random == null ? "random" : "clock")));
            }

            client = new ApduClient(channel);
            this.terminal = terminal;
            this.random = random;
            this.clock = clock;
        }

        /// <summary>How far <see cref="Read"/> goes (default <see cref="ReadDepth.Full"/>; GPO increments the card's
        /// ATC, so <see cref="ReadDepth.Select"/> leaves the card untouched). <see cref="ReadDepth.Full"/> sends GET DATA
        /// only while <see cref="ReadCounters"/> is true.</summary>
        public ReadDepth Depth { get; set; } = ReadDepth.Full;

        /// <summary>Bound on READ RECORD commands for one card (a hostile AFL cannot make the read endless).</summary>
        public int MaximumRecords { get; set; } = 32;

        /// <summary>Send GET DATA 9F79 / 9F36 / 9F13 after the records. Default true.</summary>
        public bool ReadCounters { get; set; } = true;

        /// <summary>
        /// Overall bound on one <see cref="Read"/> (µs), a reader policy like the ISO-DEP exchange limit: no APDU is
        /// sent once this much time has passed since the read began, and the read ends with
        /// <see cref="ReadOutcome.TimeLimit"/>. With up to <see cref="MaximumRecords"/> records, candidates and GET DATA,
        /// a card answering every APDU just inside its link's own limit (5 s per ISO-DEP exchange) could otherwise hold
        /// the reader for minutes. A read can overrun this by one exchange. Default 10 s, 30 times the recorded
        /// iPhone's whole read (333 ms modelled).
        /// </summary>
        public long TransactionLimitMicroseconds
        {
            get { return transactionLimitMicroseconds; }
            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                transactionLimitMicroseconds = value;
            }
        }

        /// <summary>The APDU client (for its GET RESPONSE bound and extended-length switch).</summary>
        public ApduClient Client
        {
            get { return client; }
        }

        /// <summary>
        /// Reads the activated device into <paramref name="summary"/> (whose UID, ATS and activation time the
        /// caller set; everything else is overwritten). Returns the outcome, also stored in the summary.
        /// </summary>
        public ReadOutcome Read(TransactionSummary summary)
        {
            if (summary == null)
            {
                throw new ArgumentNullException("summary");
            }

            summary.ClearApplicationData();
            long start = clock.GetMicroseconds();
            readDeadline = start + transactionLimitMicroseconds;
            if (readDeadline < start)
            {
                readDeadline = long.MaxValue;
            }

            timeLimitReached = false;
            ReadOutcome outcome = Run(summary);
            if (timeLimitReached)
            {
                outcome = ReadOutcome.TimeLimit;
            }

            Scrub();
            summary.Outcome = outcome;
            if (outcome == ReadOutcome.Ok)
            {
                summary.Phase = ReadPhase.Done;
            }

            summary.TotalMicroseconds = clock.GetMicroseconds() - start;
            return outcome;
        }

        /// <summary>The read outcome for a link-level exchange result.</summary>
        public static ReadOutcome FromExchangeResult(ExchangeResult result)
        {
            switch (result)
            {
                case ExchangeResult.Ok: return ReadOutcome.Ok;
                case ExchangeResult.NoResponse: return ReadOutcome.NoResponse;
                case ExchangeResult.TransmissionError: return ReadOutcome.TransmissionError;
                case ExchangeResult.ResponseTooLong: return ReadOutcome.ResponseTooLong;
                case ExchangeResult.CommandTooLong: return ReadOutcome.CommandTooLong;
                case ExchangeResult.WaitExtensionLimit: return ReadOutcome.WaitExtensionLimit;
                case ExchangeResult.SecurityError: return ReadOutcome.SecurityError;
                case ExchangeResult.DeviceLost: return ReadOutcome.DeviceLost;
                case ExchangeResult.ChipError: return ReadOutcome.ChipError;
                default: return ReadOutcome.ProtocolError;
            }
        }

        /// <summary>Every APDU of a read goes through here: none is sent once the read's time is up.</summary>
        private ExchangeResult Transmit(byte classByte, byte instruction, byte parameter1, byte parameter2, byte[] data, int dataOffset, int dataLength, int expectedLength, byte[] output, int outputOffset, int outputCapacity, out int count, out StatusWord status)
        {
            if (clock.GetMicroseconds() >= readDeadline)
            {
                // Reported as TimeLimit by Read, whatever the phase makes of this result.
                timeLimitReached = true;
                count = 0;
                status = new StatusWord();
                return ExchangeResult.NoResponse;
            }

            return client.Transmit(classByte, instruction, parameter1, parameter2, data, dataOffset, dataLength, expectedLength, output, outputOffset, outputCapacity, out count, out status);
        }

        private ReadOutcome Run(TransactionSummary summary)
        {
            cardData.Clear();
            int count;
            StatusWord status;
            if (Depth == ReadDepth.Detect)
            {
                // Activation was all that was asked for: no APDU at all.
                return ReadOutcome.Ok;
            }

            // 1. SELECT PPSE (EMV Book B, 3.3.2): 00 A4 04 00 0E "2PAY.SYS.DDF01" 00.
            summary.Phase = ReadPhase.SelectPpse;
            long phaseStart = clock.GetMicroseconds();
            ExchangeResult link = Transmit(0x00, 0xA4, 0x04, 0x00, PpseName, 0, PpseName.Length, 256, response, 0, response.Length, out count, out status);
            summary.SelectPpseMicroseconds = clock.GetMicroseconds() - phaseStart;
            summary.SelectPpseStatus = status;
            if (link != ExchangeResult.Ok)
            {
                return FromExchangeResult(link);
            }

            if (!status.IsSuccess)
            {
                return ReadOutcome.NoApplication;
            }

            if (!CollectCandidates(count))
            {
                return ReadOutcome.MalformedData;
            }

            Array.Clear(response, 0, count);
            summary.CandidateCount = candidateCount;
            if (candidateCount == 0)
            {
                return ReadOutcome.NoApplication;
            }

            // 2. SELECT AID in priority order (EMV Book B, 3.3.3: lowest non-zero priority first, no priority last).
            summary.Phase = ReadPhase.SelectApplication;
            phaseStart = clock.GetMicroseconds();
            int chosen = -1;
            for (int attempt = 0; attempt < candidateCount; attempt++)
            {
                int index = NextCandidate();
                candidateTried[index] = true;
                link = Transmit(0x00, 0xA4, 0x04, 0x00, candidateAids, index * MaximumAidLength, candidateAidLengths[index], 256, response, 0, response.Length, out count, out status);
                summary.SelectApplicationStatus = status;
                if (link != ExchangeResult.Ok)
                {
                    summary.SelectApplicationMicroseconds = clock.GetMicroseconds() - phaseStart;
                    return FromExchangeResult(link);
                }

                if (status.IsSuccess)
                {
                    chosen = index;
                    break;
                }
            }

            summary.SelectApplicationMicroseconds = clock.GetMicroseconds() - phaseStart;
            if (chosen < 0)
            {
                return ReadOutcome.NoApplication;
            }

            summary.SetAid(candidateAids, chosen * MaximumAidLength, candidateAidLengths[chosen]);
            summary.ApplicationPriority = candidatePriorities[chosen] & 0x0F;
            if (!ParseApplicationFci(count, chosen, summary))
            {
                return ReadOutcome.MalformedData;
            }

            Array.Clear(response, 0, count);
            if (Depth == ReadDepth.Select)
            {
                return ReadOutcome.Ok;
            }

            // 3. GET PROCESSING OPTIONS (EMV Book 3, 6.5.8): 80 A8 00 00 Lc 83 L <PDOL values> 00.
            summary.Phase = ReadPhase.GetProcessingOptions;
            phaseStart = clock.GetMicroseconds();
            terminal.RefreshUnpredictableNumber(random);
            int valuesLength = DataObjectList.Build(processingOptionsList, 0, processingOptionsListLength, terminal, commandData, 3, commandData.Length - 3);
            if (valuesLength < 0 || valuesLength > 252)
            {
                return ReadOutcome.MalformedData;
            }

            int dataLength;
            commandData[0] = 0x83;
            if (valuesLength < 128)
            {
                commandData[1] = (byte)valuesLength;
                Array.Copy(commandData, 3, commandData, 2, valuesLength);
                dataLength = 2 + valuesLength;
            }
            else
            {
                commandData[1] = 0x81;
                commandData[2] = (byte)valuesLength;
                dataLength = 3 + valuesLength;
            }

            link = Transmit(0x80, 0xA8, 0x00, 0x00, commandData, 0, dataLength, 256, response, 0, response.Length, out count, out status);
            Array.Clear(commandData, 0, commandData.Length);
            summary.ProcessingOptionsMicroseconds = clock.GetMicroseconds() - phaseStart;
            summary.ProcessingOptionsStatus = status;
            if (link != ExchangeResult.Ok)
            {
                return FromExchangeResult(link);
            }

            if (!status.IsSuccess)
            {
                return ReadOutcome.CardRejected;
            }

            if (!ParseProcessingOptions(count, summary))
            {
                return ReadOutcome.MalformedData;
            }

            Array.Clear(response, 0, count);
            if (Depth == ReadDepth.ProcessingOptions)
            {
                return ReadOutcome.Ok;
            }

            // 4. READ RECORD along the AFL (EMV Book 3, 10.2): 4 bytes per entry, SFI in b8-b4 of the first.
            summary.Phase = ReadPhase.ReadRecords;
            phaseStart = clock.GetMicroseconds();
            ReadOutcome recordsOutcome = ReadRecords(summary);
            summary.ReadRecordsMicroseconds = clock.GetMicroseconds() - phaseStart;
            if (recordsOutcome != ReadOutcome.Ok)
            {
                return recordsOutcome;
            }

            cardData.Finish(summary);
            if (Depth == ReadDepth.Records)
            {
                return ReadOutcome.Ok;
            }

            // 5. GET DATA (EMV Book 3, 6.5.7; PBOC 3.0 part 13 for 9F79).
            if (ReadCounters)
            {
                summary.Phase = ReadPhase.GetData;
                phaseStart = clock.GetMicroseconds();
                ReadOutcome dataOutcome = ReadDataObjects(summary);
                summary.GetDataMicroseconds = clock.GetMicroseconds() - phaseStart;
                if (dataOutcome != ReadOutcome.Ok)
                {
                    return dataOutcome;
                }
            }

            return ReadOutcome.Ok;
        }

        private bool CollectCandidates(int count)
        {
            candidateCount = 0;
            if (!BerTlv.IsWellFormed(response, 0, count))
            {
                return false;
            }

            TlvElement directory;
            if (!BerTlv.TryFindPath(response, 0, count, DirectoryPath, out directory))
            {
                // A PPSE without directory entries: no application.
                return true;
            }

            int position = directory.ValueOffset;
            TlvElement entry;
            while (candidateCount < MaximumCandidates && BerTlv.TryReadElement(response, position, directory.End, out entry))
            {
                position = entry.End;
                if (entry.Tag != EmvTags.ApplicationTemplate)
                {
                    continue;
                }

                TlvElement item;
                if (!BerTlv.TryFind(response, entry.ValueOffset, entry.ValueLength, EmvTags.ApplicationIdentifier, out item) || item.ValueLength < 5 || item.ValueLength > MaximumAidLength)
                {
                    // EMV Book B 3.3.2: an entry without a valid ADF name is skipped.
                    continue;
                }

                int slot = candidateCount;
                Array.Copy(response, item.ValueOffset, candidateAids, slot * MaximumAidLength, item.ValueLength);
                candidateAidLengths[slot] = item.ValueLength;
                candidateLabelLengths[slot] = 0;
                if (BerTlv.TryFind(response, entry.ValueOffset, entry.ValueLength, EmvTags.ApplicationLabel, out item))
                {
                    int length = item.ValueLength < MaximumLabelLength ? item.ValueLength : MaximumLabelLength;
                    Array.Copy(response, item.ValueOffset, candidateLabels, slot * MaximumLabelLength, length);
                    candidateLabelLengths[slot] = length;
                }

                candidatePriorities[slot] = 0;
                if (BerTlv.TryFind(response, entry.ValueOffset, entry.ValueLength, EmvTags.ApplicationPriorityIndicator, out item) && item.ValueLength == 1)
                {
                    candidatePriorities[slot] = response[item.ValueOffset];
                }

                candidateTried[slot] = false;
                candidateCount++;
            }

            return true;
        }

        private int NextCandidate()
        {
            // Priority b4-b1: 1 is highest, 0 means "no priority" (after all prioritised entries); ties keep file order.
            int best = -1;
            int bestRank = int.MaxValue;
            for (int i = 0; i < candidateCount; i++)
            {
                if (candidateTried[i])
                {
                    continue;
                }

                int priority = candidatePriorities[i] & 0x0F;
                int rank = priority == 0 ? 16 : priority;
                if (rank < bestRank)
                {
                    bestRank = rank;
                    best = i;
                }
            }

            return best;
        }

        private bool ParseApplicationFci(int count, int chosen, TransactionSummary summary)
        {
            processingOptionsListLength = 0;
            if (!BerTlv.IsWellFormed(response, 0, count))
            {
                return false;
            }

            TlvElement element;
            int labelOffset = chosen * MaximumLabelLength;
            int labelLength = candidateLabelLengths[chosen];
            byte[] labelSource = candidateLabels;
            if (BerTlv.TryFindPath(response, 0, count, LabelPath, out element) && element.ValueLength > 0)
            {
                labelSource = response;
                labelOffset = element.ValueOffset;
                labelLength = element.ValueLength < MaximumLabelLength ? element.ValueLength : MaximumLabelLength;
            }

            summary.ApplicationLabel = labelLength > 0 ? Ascii(labelSource, labelOffset, labelLength) : null;
            if (BerTlv.TryFindPath(response, 0, count, PdolPath, out element))
            {
                if (element.ValueLength > processingOptionsList.Length)
                {
                    return false;
                }

                Array.Copy(response, element.ValueOffset, processingOptionsList, 0, element.ValueLength);
                processingOptionsListLength = element.ValueLength;
            }

            return true;
        }

        private bool ParseProcessingOptions(int count, TransactionSummary summary)
        {
            fileLocatorLength = 0;
            if (!BerTlv.IsWellFormed(response, 0, count))
            {
                return false;
            }

            TlvElement template;
            if (!BerTlv.TryReadElement(response, 0, count, out template))
            {
                return false;
            }

            if (template.Tag == EmvTags.ResponseMessageTemplateFormat1)
            {
                // Format 1: AIP (2 bytes) then the AFL.
                if (template.ValueLength < 2)
                {
                    return false;
                }

                return CopyFileLocator(template.ValueOffset + 2, template.ValueLength - 2);
            }

            if (template.Tag != EmvTags.ResponseMessageTemplateFormat2)
            {
                return false;
            }

            TlvElement element;
            if (BerTlv.TryFind(response, template.ValueOffset, template.ValueLength, EmvTags.ApplicationFileLocator, out element) && !CopyFileLocator(element.ValueOffset, element.ValueLength))
            {
                return false;
            }

            // qPBOC / qVSDC put card data in the GPO answer itself (track 2, ATC, ...).
            return cardData.Take(response, template.ValueOffset, template.ValueLength, summary);
        }

        private bool CopyFileLocator(int offset, int length)
        {
            if (length % 4 != 0 || length > fileLocator.Length)
            {
                return false;
            }

            Array.Copy(response, offset, fileLocator, 0, length);
            fileLocatorLength = length;
            return true;
        }

        private ReadOutcome ReadRecords(TransactionSummary summary)
        {
            int records = 0;
            for (int entry = 0; entry < fileLocatorLength; entry += 4)
            {
                int sfi = fileLocator[entry] >> 3;
                int first = fileLocator[entry + 1];
                int last = fileLocator[entry + 2];
                // EMV Book 3 10.2: SFI 1..30, first record >= 1, last >= first.
                if (sfi < 1 || sfi > 30 || first < 1 || last < first)
                {
                    return ReadOutcome.MalformedData;
                }

                for (int record = first; record <= last; record++)
                {
                    if (records >= MaximumRecords)
                    {
                        return ReadOutcome.Ok;
                    }

                    int count;
                    StatusWord status;
                    ExchangeResult link = Transmit(0x00, 0xB2, (byte)record, (byte)((sfi << 3) | 0x04), null, 0, 0, 256, response, 0, response.Length, out count, out status);
                    summary.ReadRecordStatus = status;
                    if (link != ExchangeResult.Ok)
                    {
                        return FromExchangeResult(link);
                    }

                    if (!status.IsSuccess)
                    {
                        return ReadOutcome.CardRejected;
                    }

                    records++;
                    summary.RecordsRead = records;
                    TlvElement template;
                    if (!BerTlv.IsWellFormed(response, 0, count) || !BerTlv.TryFind(response, 0, count, EmvTags.RecordTemplate, out template))
                    {
                        Array.Clear(response, 0, count);
                        return ReadOutcome.MalformedData;
                    }

                    bool taken = cardData.Take(response, template.ValueOffset, template.ValueLength, summary);
                    Array.Clear(response, 0, count);
                    if (!taken)
                    {
                        return ReadOutcome.MalformedData;
                    }
                }
            }

            return ReadOutcome.Ok;
        }

        private ReadOutcome ReadDataObjects(TransactionSummary summary)
        {
            bool unionPay = summary.AidStartsWith(UnionPayRid);

            long value;
            StatusWord status;
            ReadOutcome outcome;
            if (unionPay)
            {
                // 9F79 electronic cash balance exists only in PBOC applications; other kernels would answer 6A88.
                outcome = GetData(EmvTags.ElectronicCashBalance, out value, out status);
                summary.BalanceStatus = status;
                if (outcome != ReadOutcome.Ok)
                {
                    return outcome;
                }

                if (status.IsSuccess && value >= 0)
                {
                    summary.HasBalance = true;
                    summary.Balance = value;
                }
            }

            if (!summary.HasTransactionCounter)
            {
                outcome = GetData(EmvTags.ApplicationTransactionCounter, out value, out status);
                summary.TransactionCounterStatus = status;
                if (outcome != ReadOutcome.Ok)
                {
                    return outcome;
                }

                if (status.IsSuccess && value >= 0)
                {
                    summary.HasTransactionCounter = true;
                    summary.TransactionCounter = (int)value;
                }
            }

            outcome = GetData(EmvTags.LastOnlineTransactionCounter, out value, out status);
            summary.LastOnlineTransactionCounterStatus = status;
            if (outcome != ReadOutcome.Ok)
            {
                return outcome;
            }

            if (status.IsSuccess && value >= 0)
            {
                summary.HasLastOnlineTransactionCounter = true;
                summary.LastOnlineTransactionCounter = (int)value;
            }

            return ReadOutcome.Ok;
        }

        /// <summary>GET DATA 80 CA P1 P2 00; the value is -1 when the card refused or the object is malformed.</summary>
        private ReadOutcome GetData(int tag, out long value, out StatusWord status)
        {
            value = -1;
            int count;
            ExchangeResult link = Transmit(0x80, 0xCA, (byte)(tag >> 8), (byte)tag, null, 0, 0, 256, response, 0, response.Length, out count, out status);
            if (link != ExchangeResult.Ok)
            {
                return FromExchangeResult(link);
            }

            TlvElement element;
            if (status.IsSuccess && BerTlv.TryFind(response, 0, count, tag, out element))
            {
                bool ok = tag == EmvTags.ElectronicCashBalance ? BerTlv.TryReadBcd(response, element, out value) : BerTlv.TryReadUnsigned(response, element, out value);
                if (!ok)
                {
                    value = -1;
                }
            }

            Array.Clear(response, 0, count);
            return ReadOutcome.Ok;
        }

        private static string Ascii(byte[] data, int offset, int count)
        {
            char[] text = new char[count];
            for (int i = 0; i < count; i++)
            {
                int c = data[offset + i];
                text[i] = c >= 0x20 && c < 0x7F ? (char)c : '?';
            }

            return new string(text);
        }

        private void Scrub()
        {
            // Wipe every buffer that may have held card data (PAN, track 2, cryptograms, names).
            Array.Clear(response, 0, response.Length);
            Array.Clear(commandData, 0, commandData.Length);
            cardData.Clear();
        }
    }
}
