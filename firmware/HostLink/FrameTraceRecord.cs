using System.Collections;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Trace of ISO 14443 frames outside any APDU: REQA/WUPA, ATQA, anticollision, SELECT, SAK, RATS, ATS, PPS,
    /// HLTA, DESELECT. None of these carries card data beyond the UID. I-blocks belong in an
    /// <see cref="ApduTraceRecord"/>, which redacts them.
    /// </summary>
    public sealed class FrameTraceRecord : HostLinkMessage
    {
        private readonly ArrayList frames = new ArrayList();

        public override MessageType Type
        {
            get { return MessageType.FrameTrace; }
        }

        public ReaderInterface Interface { get; set; } = ReaderInterface.Nfc;

        public long TimeMicroseconds { get; set; }

        /// <summary>The <see cref="TraceFrame"/>s in air order.</summary>
        public ArrayList Frames
        {
            get { return frames; }
        }

        public override void WriteFields(FieldWriter writer)
        {
            if (Interface != ReaderInterface.Unspecified)
            {
                writer.WriteByte(FieldTag.Interface, (byte)Interface);
            }

            writer.WriteInt64(FieldTag.TimeMicroseconds, TimeMicroseconds);
            for (int index = 0; index < frames.Count; index++)
            {
                TraceFrame frame = (TraceFrame)frames[index];
                int value = writer.BeginField(FieldTag.Frame, TraceFrame.HeaderLength + frame.Length);
                if (value < 0)
                {
                    return;
                }

                frame.WriteHeader(writer.Buffer, value);
                System.Array.Copy(frame.Data, 0, writer.Buffer, value + TraceFrame.HeaderLength, frame.Length);
            }
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.Interface: Interface = (ReaderInterface)buffer[index]; break;
                case FieldTag.TimeMicroseconds: TimeMicroseconds = FieldReader.GetInt64(buffer, index); break;
                case FieldTag.Frame:
                    TraceFrame frame = TraceFrame.Read(buffer, index, length);
                    if (frame != null)
                    {
                        frames.Add(frame);
                    }

                    break;
            }
        }
    }
}
