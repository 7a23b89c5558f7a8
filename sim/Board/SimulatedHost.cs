using System;
using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Sim.Timing;

namespace DualReader.Sim.Board
{
    /// <summary>
    /// The PC at the other end of the simulated UART: decodes what the reader sent once each frame is completely on
    /// the wire, acknowledges cumulatively (PROTOCOL.md 4: the highest number up to which it holds everything,
    /// lost records counting as held) after <see cref="ResponseMicroseconds"/>, and sends commands on request.
    /// </summary>
    public sealed class SimulatedHost
    {
        /// <summary>Default delay from a frame's last byte to the host's ack (USB-UART latency plus the tool).</summary>
        public const int DefaultResponseMicroseconds = 2000;

        private readonly SimulatedUart uart;
        private readonly VirtualClock clock;
        private readonly FrameDecoder decoder = new FrameDecoder();
        private readonly FrameEncoder encoder = new FrameEncoder();
        private readonly AcknowledgeMessage acknowledge = new AcknowledgeMessage();
        private readonly byte[] output = new byte[HostLinkProtocol.MaximumWireLength];
        private readonly byte[] one = new byte[1];
        private readonly Hashtable held = new Hashtable();
        private readonly ArrayList records = new ArrayList();
        private int position;
        private bool anyReceived;
        private bool skipped;
        private uint firstSequence;
        private uint nextNeeded;
        private uint hostSequence;

        /// <summary>A host on <paramref name="uart"/>; it registers itself as the UART's host.</summary>
        public SimulatedHost(SimulatedUart uart, VirtualClock clock)
        {
            if (uart == null || clock == null)
            {
                throw new ArgumentNullException(uart == null ? "uart" : "clock");
            }

            this.uart = uart;
            this.clock = clock;
            uart.Host = this;
        }

        /// <summary>When false the host is absent: it decodes but never acknowledges.</summary>
        public bool Acknowledges { get; set; } = true;

        /// <summary>
        /// When false nobody is at the other end (cable pulled, tool not running): bytes on the wire are lost unread
        /// and nothing is acknowledged. Back to true, the host reads on from the next byte (a frame cut in half by
        /// the return counts as damaged), with what it held before.
        /// </summary>
        public bool Listening { get; set; } = true;

        /// <summary>Bytes that went to nobody while <see cref="Listening"/> was false.</summary>
        public long UnreadBytes { get; private set; }

        /// <summary>Delay from a received frame to the ack (µs).</summary>
        public int ResponseMicroseconds { get; set; } = DefaultResponseMicroseconds;

        /// <summary>Every message decoded so far (<see cref="HostLinkMessage"/>, duplicates included).</summary>
        public ArrayList Records
        {
            get { return records; }
        }

        /// <summary>Frames that failed to decode.</summary>
        public int DamagedFrames { get; private set; }

        /// <summary>Acknowledgements sent.</summary>
        public int AcknowledgementsSent { get; private set; }

        /// <summary>Sends a host command (configuration, status request, pass-through) now; returns its host sequence.</summary>
        public uint Send(HostLinkMessage message)
        {
            uint sequence = hostSequence++;
            int length;
            EncodeStatus status = encoder.Encode(message, sequence, output, 0, output.Length, out length);
            if (status != EncodeStatus.Ok)
            {
                throw new ArgumentException("the message does not encode: " + status.ToString());
            }

            uart.Inject(output, 0, length, clock.GetMicroseconds());
            return sequence;
        }

        /// <summary>Sends "key=value" <paramref name="entries"/> (strings) as one configuration message, as the PC
        /// tool's `send config` does; returns its host sequence.</summary>
        public uint SendConfiguration(ArrayList entries)
        {
            if (entries == null)
            {
                throw new ArgumentNullException("entries");
            }

            ConfigurationMessage message = new ConfigurationMessage();
            for (int i = 0; i < entries.Count; i++)
            {
                message.Entries.Add((string)entries[i]);
            }

            return Send(message);
        }

        /// <summary>Decodes every byte whose wire time has passed and answers with acks.</summary>
        public void Service()
        {
            long now = clock.GetMicroseconds();
            if (position < uart.FirstHeldIndex)
            {
                // The UART no longer holds what this host did not read in time: lost to it, as bytes a PC's full
                // receive buffer dropped.
                UnreadBytes += uart.FirstHeldIndex - position;
                position = uart.FirstHeldIndex;
                skipped = true;
            }

            while (position < uart.TransmittedCount)
            {
                long complete = uart.TransmittedTime(position);
                if (complete + ResponseMicroseconds > now)
                {
                    break;
                }

                if (!Listening)
                {
                    position++;
                    UnreadBytes++;
                    skipped = true;
                    continue;
                }

                if (skipped)
                {
                    // Listening again: whatever half frame the decoder held before is gone.
                    decoder.Reset();
                    skipped = false;
                }

                one[0] = uart.TransmittedByte(position);
                position++;
                int consumed;
                DecodeStatus status = decoder.Push(one, 0, 1, out consumed);
                if (status == DecodeStatus.NeedMoreData)
                {
                    continue;
                }

                if (status != DecodeStatus.Frame)
                {
                    DamagedFrames++;
                    continue;
                }

                HostLinkMessage message = MessageDecoder.Decode(decoder);
                if (message == null)
                {
                    DamagedFrames++;
                    continue;
                }

                records.Add(message);
                Hold(message);
                if (Acknowledges && nextNeeded != firstSequence)
                {
                    acknowledge.AcknowledgedSequence = nextNeeded - 1;
                    int length;
                    encoder.Encode(acknowledge, hostSequence++, output, 0, output.Length, out length);
                    uart.Inject(output, 0, length, complete + ResponseMicroseconds);
                    AcknowledgementsSent++;
                }
            }
        }

        private void Hold(HostLinkMessage message)
        {
            if (!anyReceived)
            {
                // Counted from the first number seen (a host started late does not ask for older records).
                anyReceived = true;
                nextNeeded = message.Sequence;
                firstSequence = message.Sequence;
            }

            held[message.Sequence] = true;
            LostRecord lost = message as LostRecord;
            if (lost != null)
            {
                for (uint sequence = lost.FirstSequence; sequence != lost.LastSequence + 1; sequence++)
                {
                    held[sequence] = true;
                }
            }

            while (held.Contains(nextNeeded))
            {
                held.Remove(nextNeeded);
                nextNeeded++;
            }
        }
    }
}
