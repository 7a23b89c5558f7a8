using System;
using System.Collections;
using DualReader.Firmware.IsoDep;
using DualReader.Firmware.Iso14443;
using DualReader.Sim.Scenarios;

namespace DualReader.Sim.Nfc
{
    /// <summary>
    /// The PICC side of ISO/IEC 14443-4 for a virtual card or phone: answers RATS with the scenario's ATS, accepts
    /// PPS within what its TA(1) announces, runs the block protocol of clause 7 (block numbering rules C-E and
    /// 9-13, chaining to the reader's FSD, R(ACK)/R(NAK) handling, S(DESELECT)) and asks for time with S(WTX) when
    /// an APDU takes longer than its frame waiting time, as the recorded iPhone does (a run of WTXM 1 before the
    /// GET PROCESSING OPTIONS answer). APDUs go to an <see cref="IApduResponder"/>.
    /// Fault switches let tests make it misbehave (never-ending WTX, vanishing in the middle of a chain).
    /// </summary>
    public sealed class VirtualIsoDepCard : IPiccProtocol
    {
        private const int StateAwaitingRats = 0;
        private const int StateActive = 1;
        private const int StateDeselected = 2;

        private readonly byte[] answerToSelect;
        private readonly IApduResponder responder;
        private readonly byte[] command;
        private readonly byte[] apduResponse;
        private readonly byte[] lastBlock = new byte[260];
        private readonly ArrayList commands = new ArrayList();
        private readonly int frameWaitingMicroseconds;
        private readonly int piccToPcdRates;
        private readonly int pcdToPiccRates;
        private readonly bool cidSupported;

        private int state;
        private bool ppsAllowed;
        private int cid;
        private bool answerWithCid;
        private int frameSizeForDevice = 256;
        private int blockNumber = 1;
        private int commandLength;
        private bool commandOverflow;
        private int responseLength;
        private int responseSent;
        private bool sendingResponse;
        private bool waitingForExtension;
        private long pendingProcessing;
        private int lastBlockLength;
        private int chainedBlocksSent;
        private bool vanishAfterThisFrame;

        /// <summary>A card answering RATS with <paramref name="answerToSelect"/> (TL included) and APDUs through
        /// <paramref name="responder"/>; <paramref name="answerToSelect"/> null makes it mute to RATS (not ISO-DEP).</summary>
        public VirtualIsoDepCard(byte[] answerToSelect, IApduResponder responder) : this(answerToSelect, responder, 4096)
        {
        }

        /// <summary>As above, with buffers for commands and responses of <paramref name="bufferLength"/> bytes.</summary>
        public VirtualIsoDepCard(byte[] answerToSelect, IApduResponder responder, int bufferLength)
        {
            if (responder == null)
            {
                throw new ArgumentNullException("responder");
            }

            this.answerToSelect = answerToSelect;
            this.responder = responder;
            command = new byte[bufferLength];
            apduResponse = new byte[bufferLength];
            AnswerToSelect parsed = new AnswerToSelect();
            int fwi = AnswerToSelect.DefaultFrameWaitingIndex;
            piccToPcdRates = 1;
            pcdToPiccRates = 1;
            if (answerToSelect != null && parsed.TryParse(answerToSelect, 0, answerToSelect.Length, 256))
            {
                fwi = parsed.FrameWaitingIndex;
                piccToPcdRates = parsed.PiccToPcdRates;
                pcdToPiccRates = parsed.PcdToPiccRates;
                cidSupported = parsed.CidSupported;
            }

            frameWaitingMicroseconds = FrameTiming.FrameWaitingMicroseconds(fwi);
        }

        /// <summary>A card for a scenario device (its "ats" and "apdus").</summary>
        public static VirtualIsoDepCard FromScenario(ScenarioDevice device)
        {
            return new VirtualIsoDepCard(device.Ats, new ScenarioApduResponder(device));
        }

        /// <summary>WTXM the card asks for (7.3). Default 1, like the recorded iPhone.</summary>
        public int WaitExtensionMultiplier { get; set; } = 1;

        /// <summary>Ask for S(WTX) when processing outlasts the frame waiting time (default). False models a card that
        /// simply answers late.</summary>
        public bool WaitExtensionsEnabled { get; set; } = true;

        /// <summary>Fault: answer every command and every S(WTX) response with another S(WTX).</summary>
        public bool NeverEndingWaitExtension { get; set; }

        /// <summary>Fault: after sending this many chained I-blocks the card goes mute for good (0 = never).</summary>
        public int VanishAfterChainedBlocks { get; set; }

        /// <summary>Processing time for frames that are not complete APDUs (R(ACK), next chained block) (µs).</summary>
        public int BlockProcessingMicroseconds { get; set; }

        /// <summary>The complete command APDUs received, in order (copies, for tests).</summary>
        public ArrayList Commands
        {
            get { return commands; }
        }

        /// <summary>S(WTX) requests sent so far.</summary>
        public int WaitExtensionsSent { get; private set; }

        /// <summary>FSD the reader announced in RATS (bytes).</summary>
        public int FrameSizeForDevice
        {
            get { return frameSizeForDevice; }
        }

        /// <summary>True once the card went mute because of <see cref="VanishAfterChainedBlocks"/>.</summary>
        public bool Vanished { get; private set; }

        /// <inheritdoc />
        public bool Deselected
        {
            get { return state == StateDeselected; }
        }

        /// <inheritdoc />
        public BitRate PcdToPiccRate { get; private set; }

        /// <inheritdoc />
        public BitRate PiccToPcdRate { get; private set; }

        /// <inheritdoc />
        public void Reset()
        {
            state = StateAwaitingRats;
            ppsAllowed = false;
            blockNumber = 1;
            commandLength = 0;
            commandOverflow = false;
            sendingResponse = false;
            waitingForExtension = false;
            PcdToPiccRate = BitRate.Kbps106;
            PiccToPcdRate = BitRate.Kbps106;
        }

        /// <inheritdoc />
        public int HandleFrame(byte[] frame, int offset, int count, byte[] response, int responseOffset, out int processingMicroseconds)
        {
            processingMicroseconds = BlockProcessingMicroseconds;
            if (vanishAfterThisFrame)
            {
                Vanished = true;
            }

            if (Vanished || count < 1)
            {
                return 0;
            }

            int first = frame[offset];
            if (state == StateAwaitingRats)
            {
                // 5.6.1.1: RATS = E0, FSDI (b8-b5) | CID (b4-b1).
                if (first != 0xE0 || count != 2 || answerToSelect == null)
                {
                    return 0;
                }

                frameSizeForDevice = AnswerToSelect.FrameSizeFromIndex(frame[offset + 1] >> 4);
                // 5.6.1.1 / 7.1.1.2: a PICC without CID support (TC(1) b2 = 0) ignores the CID of RATS.
                cid = cidSupported ? frame[offset + 1] & 0x0F : 0;
                state = StateActive;
                ppsAllowed = true;
                blockNumber = 1;
                Array.Copy(answerToSelect, 0, response, responseOffset, answerToSelect.Length);
                return answerToSelect.Length;
            }

            if (state != StateActive)
            {
                return 0;
            }

            if (ppsAllowed && (first & 0xF0) == 0xD0)
            {
                ppsAllowed = false;
                return HandlePps(frame, offset, count, response, responseOffset);
            }

            ppsAllowed = false;
            int position = offset + 1;
            answerWithCid = (first & 0x08) != 0;
            if (answerWithCid)
            {
                // 7.1.1.2: a PICC answers only blocks with its own CID, or without CID when its CID is 0.
                if (count < 2 || (frame[position] & 0x0F) != cid)
                {
                    return 0;
                }

                position++;
            }
            else if (cid != 0)
            {
                return 0;
            }

            int length;
            if ((first & 0xE2) == 0x02)
            {
                length = HandleInformation(first, frame, position, offset + count, response, responseOffset, out processingMicroseconds);
            }
            else if ((first & 0xE6) == 0xA2)
            {
                length = HandleReceiveReady(first, response, responseOffset);
            }
            else if ((first & 0xF7) == 0xC2)
            {
                // 8: S(DESELECT) is confirmed with the same block; the PICC then enters HALT.
                state = StateDeselected;
                return WriteHeader(0xC2, response, responseOffset);
            }
            else if ((first & 0xF7) == 0xF2 && waitingForExtension && position < offset + count)
            {
                int multiplier = frame[position] & 0x3F;
                long window = (long)frameWaitingMicroseconds * multiplier;
                if (window > FrameTiming.MaximumFrameWaitingMicroseconds)
                {
                    window = FrameTiming.MaximumFrameWaitingMicroseconds;
                }

                length = AnswerAfterProcessing(window, response, responseOffset, out processingMicroseconds);
            }
            else
            {
                return 0;
            }

            if (length > 0)
            {
                Array.Copy(response, responseOffset, lastBlock, 0, length);
                lastBlockLength = length;
            }

            return length;
        }

        private int HandlePps(byte[] frame, int offset, int count, byte[] response, int responseOffset)
        {
            // 5.3: PPSS D0|CID, PPS0 (b5: PPS1 follows), PPS1 DSI b4-b3 / DRI b2-b1.
            if ((frame[offset] & 0x0F) != cid || count < 2)
            {
                return 0;
            }

            BitRate towardsPcd = BitRate.Kbps106;
            BitRate towardsPicc = BitRate.Kbps106;
            if ((frame[offset + 1] & 0x10) != 0)
            {
                if (count != 3)
                {
                    return 0;
                }

                int dsi = (frame[offset + 2] >> 2) & 0x03;
                int dri = frame[offset + 2] & 0x03;
                if ((piccToPcdRates & (1 << dsi)) == 0 || (pcdToPiccRates & (1 << dri)) == 0)
                {
                    // An unsupported rate makes the request invalid: stay mute at 106 kbit/s.
                    return 0;
                }

                towardsPcd = (BitRate)dsi;
                towardsPicc = (BitRate)dri;
            }

            response[responseOffset] = frame[offset];
            // 5.3.4: the new rates apply after this response (the link reads the rates before the call).
            PcdToPiccRate = towardsPicc;
            PiccToPcdRate = towardsPcd;
            return 1;
        }

        private int HandleInformation(int pcb, byte[] frame, int position, int end, byte[] response, int responseOffset, out int processingMicroseconds)
        {
            processingMicroseconds = BlockProcessingMicroseconds;
            if (sendingResponse || waitingForExtension)
            {
                return 0;
            }

            // Rule D: toggle the block number on every I-block received.
            blockNumber ^= 1;
            if ((pcb & 0x04) != 0)
            {
                position++;
            }

            int informationCount = end - position;
            if (informationCount > 0)
            {
                if (commandLength + informationCount <= command.Length)
                {
                    Array.Copy(frame, position, command, commandLength, informationCount);
                    commandLength += informationCount;
                }
                else
                {
                    commandOverflow = true;
                }
            }

            if ((pcb & 0x10) != 0)
            {
                // Rule 2 (PICC side): acknowledge a chained block with R(ACK) carrying the current number.
                return WriteHeader(0xA2 | blockNumber, response, responseOffset);
            }

            int processing;
            if (commandOverflow)
            {
                // 6700: wrong length (ISO/IEC 7816-4 5.6) for a command larger than this card holds.
                apduResponse[0] = 0x67;
                apduResponse[1] = 0x00;
                responseLength = 2;
                processing = 0;
            }
            else
            {
                byte[] copy = new byte[commandLength];
                Array.Copy(command, 0, copy, 0, commandLength);
                commands.Add(copy);
                responseLength = responder.Respond(command, 0, commandLength, apduResponse, 0, out processing);
            }

            commandLength = 0;
            commandOverflow = false;
            responseSent = 0;
            pendingProcessing = processing;
            return AnswerAfterProcessing(frameWaitingMicroseconds, response, responseOffset, out processingMicroseconds);
        }

        private int AnswerAfterProcessing(long window, byte[] response, int responseOffset, out int processingMicroseconds)
        {
            // Ask for more time before the window runs out: 7/8 of it, about where the iPhone sends S(WTX)
            // (34 ms into its 38.7 ms FWT in the recorded trace).
            long threshold = window - window / 8;
            if (NeverEndingWaitExtension || (WaitExtensionsEnabled && pendingProcessing > threshold))
            {
                processingMicroseconds = (int)threshold;
                pendingProcessing -= threshold;
                if (pendingProcessing < 0)
                {
                    pendingProcessing = 0;
                }

                waitingForExtension = true;
                WaitExtensionsSent++;
                int length = WriteHeader(0xF2, response, responseOffset);
                response[responseOffset + length] = (byte)WaitExtensionMultiplier;
                return length + 1;
            }

            processingMicroseconds = (int)pendingProcessing;
            pendingProcessing = 0;
            waitingForExtension = false;
            sendingResponse = true;
            return NextResponseBlock(response, responseOffset);
        }

        private int HandleReceiveReady(int pcb, byte[] response, int responseOffset)
        {
            int number = pcb & 0x01;
            bool negative = (pcb & 0x10) != 0;
            if (number == blockNumber)
            {
                // Rule 11: the reader missed our last block; send it again.
                Array.Copy(lastBlock, 0, response, responseOffset, lastBlockLength);
                return lastBlockLength;
            }

            if (negative)
            {
                // Rule 12: R(NAK) with the other number means the reader's last block did not reach us.
                return WriteHeader(0xA2 | blockNumber, response, responseOffset);
            }

            // Rule E / 13: R(ACK) with the other number continues our chain.
            blockNumber ^= 1;
            if (!sendingResponse)
            {
                return 0;
            }

            return NextResponseBlock(response, responseOffset);
        }

        private int NextResponseBlock(byte[] response, int responseOffset)
        {
            int header = answerWithCid ? 2 : 1;
            // The frame including CRC_A must fit the reader's FSD (5.2.3).
            int chunkLimit = frameSizeForDevice - 2 - header;
            int remaining = responseLength - responseSent;
            bool chaining = remaining > chunkLimit;
            int chunk = chaining ? chunkLimit : remaining;
            int length = WriteHeader(0x02 | blockNumber | (chaining ? 0x10 : 0x00), response, responseOffset);
            Array.Copy(apduResponse, responseSent, response, responseOffset + length, chunk);
            responseSent += chunk;
            if (chaining)
            {
                chainedBlocksSent++;
                if (VanishAfterChainedBlocks > 0 && chainedBlocksSent >= VanishAfterChainedBlocks)
                {
                    vanishAfterThisFrame = true;
                }
            }
            else
            {
                sendingResponse = false;
            }

            return length + chunk;
        }

        private int WriteHeader(int pcb, byte[] response, int responseOffset)
        {
            if (answerWithCid)
            {
                response[responseOffset] = (byte)(pcb | 0x08);
                response[responseOffset + 1] = (byte)cid;
                return 2;
            }

            response[responseOffset] = (byte)pcb;
            return 1;
        }
    }
}
