using DualReader.Firmware.Iso14443;
using DualReader.Firmware.IsoDep;
using DualReader.Sim.Nfc;

namespace DualReader.Tests.IsoDep
{
    /// <summary>
    /// A hostile PICC that announces FWI 14 (FWT ≈ 4.95 s, ISO/IEC 14443-4 7.2) and answers every block frame as a
    /// script says, each answer at the very end of its FWT (still on time for the reader): it never makes progress
    /// faster than the protocol allows, so it measures how long one exchange can be held.
    /// Script letters, one per received block frame (RATS and S(DESELECT) are not counted):
    /// W = S(WTX) asking WTXM 59; A = R(ACK) with the other block number (rule 6: the reader resends its I-block);
    /// S = silence; X = a frame no block parser accepts (the reader answers R(NAK)); N = R(NAK), which a PICC never
    /// sends (7.5.4.2); I = a chained I-block with one byte; L = the last I-block "90 00". After the end the script
    /// goes on from <c>repeatFrom</c>.
    /// </summary>
    public sealed class StallingPicc : IPiccProtocol
    {
        /// <summary>TL 05, T0 78 (FSCI 8, TA TB TC follow), TA 80 (106 kbit/s only, no PPS), TB E0 (FWI 14, SFGI 0),
        /// TC 02 (CID supported, not used with CID 0).</summary>
        public const string Fwi14Ats = "057880E002";

        private readonly byte[] answerToSelect;
        private readonly string script;
        private readonly int repeatFrom;
        private int position;
        private int readerBlockNumber;
        private bool activated;

        /// <summary>A card playing <paramref name="script"/>, then repeating it from <paramref name="repeatFrom"/>.</summary>
        public StallingPicc(string script, int repeatFrom)
        {
            this.script = script;
            this.repeatFrom = repeatFrom;
            answerToSelect = SampleCards.Hex(Fwi14Ats);
            ProcessingMicroseconds = FrameTiming.FrameWaitingMicroseconds(14);
            FinalProcessingMicroseconds = -1;
        }

        /// <summary>Time from the end of the reader's frame to the answer, less the frame delay time (µs).
        /// Default: the whole FWT of FWI 14.</summary>
        public int ProcessingMicroseconds { get; set; }

        /// <summary>Processing before an L answer (µs); negative: <see cref="ProcessingMicroseconds"/>.</summary>
        public int FinalProcessingMicroseconds { get; set; }

        /// <summary>When true S(DESELECT) is confirmed; by default the card stays silent to it.</summary>
        public bool AnswersDeselect { get; set; }

        /// <summary>Block frames received (RATS and S(DESELECT) excluded).</summary>
        public int BlockFrames { get; private set; }

        /// <summary>S(DESELECT) frames received.</summary>
        public int DeselectFrames { get; private set; }

        /// <inheritdoc />
        public bool Deselected { get; private set; }

        /// <inheritdoc />
        public BitRate PcdToPiccRate
        {
            get { return BitRate.Kbps106; }
        }

        /// <inheritdoc />
        public BitRate PiccToPcdRate
        {
            get { return BitRate.Kbps106; }
        }

        /// <inheritdoc />
        public void Reset()
        {
            position = 0;
            readerBlockNumber = 0;
            activated = false;
            Deselected = false;
        }

        /// <inheritdoc />
        public int HandleFrame(byte[] frame, int offset, int count, byte[] response, int responseOffset, out int processingMicroseconds)
        {
            processingMicroseconds = ProcessingMicroseconds;
            int first = frame[offset];
            if (!activated)
            {
                if (first != 0xE0)
                {
                    return 0;
                }

                activated = true;
                processingMicroseconds = 100;
                System.Array.Copy(answerToSelect, 0, response, responseOffset, answerToSelect.Length);
                return answerToSelect.Length;
            }

            if ((first & 0xF7) == 0xC2)
            {
                DeselectFrames++;
                if (!AnswersDeselect)
                {
                    return 0;
                }

                Deselected = true;
                processingMicroseconds = 100;
                response[responseOffset] = 0xC2;
                return 1;
            }

            if ((first & 0xE2) == 0x02 || (first & 0xE6) == 0xA2)
            {
                // I-block or R-block: b1 is the reader's current block number (7.1.1.1).
                readerBlockNumber = first & 0x01;
            }

            BlockFrames++;
            char action = script[position];
            position = position + 1 < script.Length ? position + 1 : repeatFrom;
            switch (action)
            {
                case 'W':
                    response[responseOffset] = 0xF2;
                    response[responseOffset + 1] = 59;
                    return 2;
                case 'A':
                    response[responseOffset] = (byte)(0xA2 | (readerBlockNumber ^ 1));
                    return 1;
                case 'N':
                    response[responseOffset] = (byte)(0xB2 | readerBlockNumber);
                    return 1;
                case 'X':
                    response[responseOffset] = 0xFF;
                    return 1;
                case 'I':
                    response[responseOffset] = (byte)(0x12 | readerBlockNumber);
                    response[responseOffset + 1] = 0x5A;
                    return 2;
                case 'L':
                    if (FinalProcessingMicroseconds >= 0)
                    {
                        processingMicroseconds = FinalProcessingMicroseconds;
                    }

                    response[responseOffset] = (byte)(0x02 | readerBlockNumber);
                    response[responseOffset + 1] = 0x90;
                    response[responseOffset + 2] = 0x00;
                    return 3;
                default:
                    return 0;
            }
        }
    }
}
