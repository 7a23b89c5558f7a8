using System.Collections;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Trace of ISO 14443 frames outside any APDU: REQA/WUPA, ATQA, anticollision, SELECT, SAK, RATS, ATS, PPS,
    /// HLTA, DESELECT. None of these carries card data beyond the UID. I-blocks belong in an
    /// <see cref="ApduTraceRecord"/>, which redacts them.
    /// </summary>
    public sealed class FrameTraceRecord : ReaderRecord
    {
        private readonly ArrayList frames = new ArrayList();

        /// <summary>A record about the NFC radio until told otherwise.</summary>
        public FrameTraceRecord()
            : base(ReaderInterface.Nfc)
        {
        }

        public override MessageType Type
        {
            get { return MessageType.FrameTrace; }
        }

        /// <summary>The <see cref="TraceFrame"/>s in air order.</summary>
        public ArrayList Frames
        {
            get { return frames; }
        }

        public override void WriteFields(FieldWriter writer)
        {
            WriteCommonFields(writer);
            for (int index = 0; index < frames.Count; index++)
            {
                if (((TraceFrame)frames[index]).WriteField(writer, FieldTag.Frame) < 0)
                {
                    return;
                }
            }
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.Frame:
                    TraceFrame frame = TraceFrame.Read(buffer, index, length);
                    if (frame != null)
                    {
                        frames.Add(frame);
                    }

                    break;
                default: ReadCommonField(tag, buffer, index); break;
            }
        }
    }
}
