using System;

namespace DualReader.Firmware.IsoDep
{
    /// <summary>
    /// The block format of ISO/IEC 14443-4 for the PCD (7.1): builds I-, R- and S-blocks into the transport's frame
    /// buffers and classifies a received block, keeping what its prologue said. <see cref="IsoDepTransport"/> runs the
    /// block protocol (7.5) with it. No allocation.
    /// </summary>
    /// <remarks>
    /// The buffers are given once, not per call, and the settings and the fields describing the last parsed block are
    /// plain fields, not properties: the transport uses them on every block in the nanoFramework interpreter, where
    /// each argument and each property get costs instructions (a property get about three field reads).
    /// </remarks>
    internal sealed class IsoDepBlocks
    {
        // PCB layouts, ISO/IEC 14443-4 7.1.1.1 (figures 14, 15, 16).
        internal const byte IBlock = 0x02;
        internal const byte RBlock = 0xA2;
        internal const byte ChainingBit = 0x10;
        internal const byte CidFollowsBit = 0x08;
        internal const byte NadFollowsBit = 0x04;
        internal const byte NakBit = 0x10;
        internal const byte BlockNumberBit = 0x01;
        internal const byte SDeselect = 0xC2;
        internal const byte SWaitExtension = 0xF2;

        // What Parse makes of a block.
        internal const int KindInvalid = 0;
        internal const int KindInformation = 1;
        internal const int KindAcknowledge = 2;
        internal const int KindNegativeAcknowledge = 3;
        internal const int KindDeselect = 4;
        internal const int KindWaitExtension = 5;

        private readonly byte[] transmitFrame;
        private readonly byte[] informationFrame;
        private readonly byte[] receiveFrame;

        /// <summary>Our CID (0..14, 5.6.1.1); a received CID byte must carry it (b4-b1).</summary>
        internal int Cid;

        /// <summary>True when our blocks carry a CID byte: the PICC supports CID (TC(1) b2) and <see cref="Cid"/> is not 0.</summary>
        internal bool CidInBlocks;

        /// <summary>Prologue length of the last I-block parsed (PCB, CID, NAD): where its information field starts.</summary>
        internal int ReceivedHeaderLength;

        /// <summary>Block number (PCB b1) of the last block parsed.</summary>
        internal int ReceivedBlockNumber;

        /// <summary>True when the last I-block parsed had its chaining bit set.</summary>
        internal bool ReceivedChaining;

        /// <summary>WTXM (INF b6-b1) of the last S(WTX) parsed.</summary>
        internal int ReceivedWaitMultiplier;

        /// <summary>
        /// Blocks built into <paramref name="transmitFrame"/> (R- and S-blocks) and <paramref name="informationFrame"/>
        /// (I-blocks, kept for a resend), received blocks parsed from <paramref name="receiveFrame"/>.
        /// </summary>
        internal IsoDepBlocks(byte[] transmitFrame, byte[] informationFrame, byte[] receiveFrame)
        {
            this.transmitFrame = transmitFrame;
            this.informationFrame = informationFrame;
            this.receiveFrame = receiveFrame;
        }

        /// <summary>
        /// Builds, into the information frame, the I-block with block number <paramref name="blockNumber"/> that carries the part of
        /// <paramref name="count"/> command bytes from <paramref name="sent"/> on, at most <paramref name="chunkLimit"/>
        /// bytes, chained (7.5.2) when more remain. Returns the block length.
        /// </summary>
        internal int BuildInformation(int blockNumber, byte[] command, int offset, int count, int sent, int chunkLimit)
        {
            byte[] frame = informationFrame;
            int chunk = count - sent;
            bool chaining = chunk > chunkLimit;
            if (chaining)
            {
                chunk = chunkLimit;
            }

            int position = 0;
            byte pcb = (byte)(IBlock | blockNumber);
            if (chaining)
            {
                pcb |= ChainingBit;
            }

            if (CidInBlocks)
            {
                pcb |= CidFollowsBit;
            }

            frame[position++] = pcb;
            if (CidInBlocks)
            {
                frame[position++] = (byte)Cid;
            }

            Array.Copy(command, offset + sent, frame, position, chunk);
            return position + chunk;
        }

        /// <summary>Builds R(ACK) or, with <paramref name="negative"/>, R(NAK) with <paramref name="blockNumber"/> into the transmit frame. Returns its length.</summary>
        internal int BuildReceiveReady(int blockNumber, bool negative)
        {
            byte[] frame = transmitFrame;
            byte pcb = (byte)(RBlock | blockNumber);
            if (negative)
            {
                pcb |= NakBit;
            }

            int position = 0;
            if (CidInBlocks)
            {
                pcb |= CidFollowsBit;
            }

            frame[position++] = pcb;
            if (CidInBlocks)
            {
                frame[position++] = (byte)Cid;
            }

            return position;
        }

        /// <summary>Builds the S-block <paramref name="pcb"/> (S(DESELECT), or S(WTX) with its INF byte) into the transmit frame. Returns its length.</summary>
        internal int BuildSupervisory(byte pcb, bool withInformation, int information)
        {
            byte[] frame = transmitFrame;
            int position = 0;
            frame[position++] = (byte)(CidInBlocks ? pcb | CidFollowsBit : pcb);
            if (CidInBlocks)
            {
                frame[position++] = (byte)Cid;
            }

            if (withInformation)
            {
                frame[position++] = (byte)information;
            }

            return position;
        }

        /// <summary>Classifies the received block of <paramref name="count"/> bytes (7.1.1) and stores its header length, number and flags.</summary>
        internal int Parse(int count)
        {
            byte[] frame = receiveFrame;
            if (count < 1)
            {
                return KindInvalid;
            }

            int pcb = frame[0];
            int position = 1;
            if ((pcb & CidFollowsBit) != 0)
            {
                if (count < 2 || (frame[1] & 0x0F) != Cid)
                {
                    return KindInvalid;
                }

                position++;
            }

            ReceivedBlockNumber = pcb & BlockNumberBit;
            if ((pcb & 0xE2) == IBlock)
            {
                if ((pcb & NadFollowsBit) != 0)
                {
                    position++;
                }

                if (position > count)
                {
                    return KindInvalid;
                }

                ReceivedChaining = (pcb & ChainingBit) != 0;
                ReceivedHeaderLength = position;
                return KindInformation;
            }

            if ((pcb & 0xE6) == RBlock)
            {
                if (count != position)
                {
                    return KindInvalid;
                }

                return (pcb & NakBit) != 0 ? KindNegativeAcknowledge : KindAcknowledge;
            }

            if ((pcb & 0xF7) == SWaitExtension)
            {
                if (count != position + 1)
                {
                    return KindInvalid;
                }

                // INF b6-b1 = WTXM; b8-b7 carry a power level indication we ignore (7.3).
                ReceivedWaitMultiplier = frame[position] & 0x3F;
                return KindWaitExtension;
            }

            if ((pcb & 0xF7) == SDeselect)
            {
                return count == position ? KindDeselect : KindInvalid;
            }

            return KindInvalid;
        }
    }
}
