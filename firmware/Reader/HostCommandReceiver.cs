using System;
using DualReader.Firmware.HostLink;
using DualReader.Hal;

namespace DualReader.Firmware.Reader
{
    /// <summary>
    /// The reader's receiving end: reads what the host sent (never blocking), applies acknowledgements to the
    /// <see cref="RecordQueue"/> without allocating, and hands every other host command to the caller one at a time.
    /// Damaged frames are counted and skipped (the decoder resynchronises at the next delimiter).
    /// </summary>
    public sealed class HostCommandReceiver
    {
        private readonly ISerialPort port;
        private readonly RecordQueue queue;
        private readonly FrameDecoder decoder = new FrameDecoder();
        private readonly byte[] buffer = new byte[256];
        private int pending;
        private int pendingOffset;

        public HostCommandReceiver(ISerialPort port, RecordQueue queue)
        {
            if (port == null)
            {
                throw new ArgumentNullException(nameof(port));
            }

            if (queue == null)
            {
                throw new ArgumentNullException(nameof(queue));
            }

            this.port = port;
            this.queue = queue;
        }

        /// <summary>Frames that failed to decode since start-up.</summary>
        public int FramesRejected { get; private set; }

        /// <summary>Why the last rejected frame failed.</summary>
        public DecodeStatus LastError { get; private set; }

        /// <summary>Acknowledgements applied since start-up.</summary>
        public int AcknowledgementsReceived { get; private set; }

        /// <summary>
        /// Processes what has arrived: acks go to the queue; the first other host command is returned (configuration,
        /// status request, pass-through; its <see cref="HostLinkMessage.Sequence"/> is the host's). Null when
        /// nothing else is waiting. Call from the main loop until it returns null.
        /// </summary>
        public HostLinkMessage Poll()
        {
            while (true)
            {
                if (pending == 0)
                {
                    pendingOffset = 0;
                    pending = port.Read(buffer, 0, buffer.Length);
                    if (pending == 0)
                    {
                        return null;
                    }
                }

                int consumed;
                DecodeStatus status = decoder.Push(buffer, pendingOffset, pending, out consumed);
                pendingOffset += consumed;
                pending -= consumed;
                if (status == DecodeStatus.NeedMoreData)
                {
                    continue;
                }

                if (status != DecodeStatus.Frame)
                {
                    FramesRejected++;
                    LastError = status;
                    continue;
                }

                if (decoder.MessageType == (byte)MessageType.Acknowledge)
                {
                    uint sequence;
                    if (AcknowledgeMessage.TryReadSequence(decoder.Payload, decoder.PayloadOffset, decoder.PayloadLength, out sequence))
                    {
                        queue.Acknowledge(sequence);
                        AcknowledgementsReceived++;
                    }

                    continue;
                }

                if (decoder.MessageType < 0x80)
                {
                    // A reader record echoed back (loopback wiring): not for us.
                    continue;
                }

                HostLinkMessage message = MessageDecoder.Decode(decoder);
                if (message == null)
                {
                    FramesRejected++;
                    LastError = DecodeStatus.Malformed;
                    continue;
                }

                return message;
            }
        }
    }
}
