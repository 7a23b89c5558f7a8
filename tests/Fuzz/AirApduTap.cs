using System;
using System.Collections;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.RfSim;
using DualReader.Sim.Board;
using DualReader.Sim.Nfc;
using DualReader.Sim.Nrf24;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// Listens on both airs of a <see cref="SimulatedReaderBoard"/> and rebuilds the APDUs that travelled on them, as
    /// a sniffer would: on 13.56 MHz from the MFRC522 model's air trace (ISO/IEC 14443-4 I-blocks reassembled), on
    /// 2.4 GHz from every packet and ack payload (RF-SIM CMD and RESP fragments reassembled, firmware/RfSim/PROTOCOL.md
    /// 7.1 and 7.2; version 2 carries APDUs in clear, 8.3). What a card or peer sent is what the reader could leak.
    /// </summary>
    public sealed class AirApduTap
    {
        private readonly SimulatedReaderBoard board;
        private readonly ArrayList responses = new ArrayList();
        private readonly ArrayList commands = new ArrayList();
        private readonly Hashtable assemblies = new Hashtable();
        private readonly ArrayList senders = new ArrayList();
        private readonly AirPacketFilter previousFilter;

        /// <summary>Starts listening: call before the board runs.</summary>
        public AirApduTap(SimulatedReaderBoard board)
        {
            if (board == null)
            {
                throw new ArgumentNullException("board");
            }

            this.board = board;
            board.Nfc.Chip.RecordTrace = true;
            previousFilter = board.Medium.Filter;
            board.Medium.Filter = OnPacket;
        }

        /// <summary>Response APDUs (data and SW1 SW2) devices sent on either air, in order (byte[]).</summary>
        public ArrayList Responses
        {
            get { return responses; }
        }

        /// <summary>Command APDUs the reader sent on either air, in order (byte[]).</summary>
        public ArrayList Commands
        {
            get { return commands; }
        }

        /// <summary>Frames of the 13.56 MHz air trace walked by <see cref="Collect"/>.</summary>
        public int NfcFrames { get; private set; }

        /// <summary>RF-SIM RESP fragments seen on the 2.4 GHz air.</summary>
        public int RfSimFragments { get; private set; }

        /// <summary>Reassembles the 13.56 MHz APDUs from the air trace (the 2.4 GHz ones are collected as they fly).</summary>
        public void Collect()
        {
            ArrayList trace = board.Nfc.Chip.Trace;
            IsoDepAssembly fromReader = new IsoDepAssembly();
            IsoDepAssembly fromCard = new IsoDepAssembly();
            bool expectAnswerToSelect = false;
            for (int index = 0; index < trace.Count; index++)
            {
                AirTraceEntry entry = (AirTraceEntry)trace[index];
                NfcFrames++;
                byte[] frame = entry.Bytes;
                if (entry.FromReader)
                {
                    if (entry.BitCount < 8 || (frame.Length == 4 && frame[0] == 0xE0 && CrcA.Check(frame, 0, 4)))
                    {
                        // REQA/WUPA (a short frame, ISO/IEC 14443-3 6.3.1) or RATS (14443-4 5.6.1): a new session,
                        // whose first PICC frame after RATS is the ATS (its TL byte could pass for a PCB).
                        fromReader.Reset();
                        fromCard.Reset();
                        expectAnswerToSelect = entry.BitCount >= 8;
                        continue;
                    }

                    byte[] apdu = fromReader.Push(frame);
                    if (apdu != null)
                    {
                        commands.Add(apdu);
                    }
                }
                else
                {
                    if (expectAnswerToSelect)
                    {
                        expectAnswerToSelect = false;
                        continue;
                    }

                    byte[] apdu = fromCard.Push(frame);
                    if (apdu != null)
                    {
                        responses.Add(apdu);
                    }
                }
            }
        }

        private bool OnPacket(AirPacket packet)
        {
            int length = packet.PayloadLength;
            byte[] payload = packet.Payload;
            // Session frames: type | counter (2) | e | i or k | data | tag (8) (PROTOCOL.md 3.1).
            if (length >= RfSimProtocol.PeerHeader + 2 + 8)
            {
                int type = payload[0] & 0xF0;
                bool more = (payload[0] & RfSimProtocol.FlagMore) != 0;
                int dataLength = length - RfSimProtocol.PeerHeader - 2 - 8;
                if (packet.IsAck && type == RfSimProtocol.TypeResponse)
                {
                    RfSimFragments++;
                    Fragment(responses, "R", packet, payload[3], payload[4], more, payload, 5, dataLength, RfSimProtocol.ResponseFragment);
                }
                else if (!packet.IsAck && type == RfSimProtocol.TypeCommand)
                {
                    Fragment(commands, "C", packet, payload[3], payload[4], more, payload, 5, dataLength, RfSimProtocol.CommandFragment);
                }
            }

            return previousFilter == null || previousFilter(packet);
        }

        /// <summary>
        /// A small number per sending chip, by reference. Not the sender's GetHashCode: nanoFramework v1's default
        /// hashes an object's fields recursively, and a chip model references its air, which references the chip.
        /// </summary>
        private int SenderNumber(Nrf24Model sender)
        {
            if (sender == null)
            {
                return 0;
            }

            for (int index = 0; index < senders.Count; index++)
            {
                if (ReferenceEquals(senders[index], sender))
                {
                    return index + 1;
                }
            }

            senders.Add(sender);
            return senders.Count;
        }

        private void Fragment(ArrayList complete, string direction, AirPacket packet, int exchange, int index, bool more, byte[] data, int offset, int count, int fragmentSize)
        {
            // One assembly per sender and exchange number: stale fragments of another exchange do not mix in (7.3).
            string key = direction + SenderNumber(packet.Sender) + "/" + exchange;
            RfSimAssembly assembly = (RfSimAssembly)assemblies[key];
            if (assembly == null)
            {
                assembly = new RfSimAssembly();
                assemblies[key] = assembly;
            }

            byte[] apdu = assembly.Add(index, more, data, offset, count, fragmentSize);
            if (apdu != null)
            {
                complete.Add(apdu);
                assemblies.Remove(key);
            }
        }

        /// <summary>ISO/IEC 14443-4 I-blocks of one direction reassembled into APDUs (7.1.1.1 PCB, 7.5.2 chaining).</summary>
        private sealed class IsoDepAssembly
        {
            private readonly byte[] buffer = new byte[4096];
            private int length;
            private int lastBlockStart;
            private int lastBlockNumber = -1;

            public void Reset()
            {
                length = 0;
                lastBlockStart = 0;
                lastBlockNumber = -1;
            }

            /// <summary>Adds a frame (CRC_A included); returns the APDU it completes, or null.</summary>
            public byte[] Push(byte[] frame)
            {
                // I-block PCB: b8 b7 = 00, b6 = 0, b2 = 1 (7.1.1.1); CRC_A checked so that damaged frames, anticollision
                // answers (BCC, no CRC) and frames of other protocols are left out.
                if (frame.Length < 3 || (frame[0] & 0xE2) != 0x02 || !CrcA.Check(frame, 0, frame.Length))
                {
                    return null;
                }

                int pcb = frame[0];
                int header = 1 + ((pcb & 0x08) != 0 ? 1 : 0) + ((pcb & 0x04) != 0 ? 1 : 0);
                int information = frame.Length - 2 - header;
                if (information < 0)
                {
                    return null;
                }

                int blockNumber = pcb & 0x01;
                if (blockNumber == lastBlockNumber)
                {
                    // The same block number again: a retransmission (rules 11 and 6), replacing the previous copy.
                    length = lastBlockStart;
                }

                lastBlockNumber = blockNumber;
                lastBlockStart = length;
                if (length + information > buffer.Length)
                {
                    length = 0;
                    return null;
                }

                Array.Copy(frame, header, buffer, length, information);
                length += information;
                if ((pcb & 0x10) != 0)
                {
                    return null;
                }

                byte[] apdu = new byte[length];
                Array.Copy(buffer, apdu, length);
                length = 0;
                lastBlockStart = 0;
                return apdu;
            }
        }

        /// <summary>RF-SIM fragments of one exchange reassembled (the reader's own rule, PROTOCOL.md 7.3).</summary>
        private sealed class RfSimAssembly
        {
            private readonly byte[] buffer = new byte[RfSimProtocol.MaximumResponse + RfSimProtocol.ResponseFragment];
            private readonly bool[] received = new bool[RfSimProtocol.MaximumResponse / RfSimProtocol.ResponseFragment + 2];
            private int last = -1;
            private int lastLength;

            public byte[] Add(int index, bool more, byte[] data, int offset, int count, int fragmentSize)
            {
                if (index >= received.Length || index * fragmentSize + count > buffer.Length)
                {
                    return null;
                }

                Array.Copy(data, offset, buffer, index * fragmentSize, count);
                received[index] = true;
                if (!more)
                {
                    last = index;
                    lastLength = index * fragmentSize + count;
                }

                if (last < 0)
                {
                    return null;
                }

                for (int i = 0; i <= last; i++)
                {
                    if (!received[i])
                    {
                        return null;
                    }
                }

                byte[] apdu = new byte[lastLength];
                Array.Copy(buffer, apdu, lastLength);
                return apdu;
            }
        }
    }
}
