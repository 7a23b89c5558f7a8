using System.Collections;
using DualReader.Firmware.Emv;
using DualReader.Firmware.Iso14443;

namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// Trace of one APDU exchange (sent only while APDU trace is on): the command, the response, and the ISO 14443
    /// frames they travelled in (I-blocks, R-blocks, S(WTX)...). Sensitive TLV values are redacted while the record
    /// is encoded, always: the command and response per <see cref="TlvRedactor"/>, and every I-block's information
    /// field is rewritten from the redacted APDU (its CRC_A recomputed), so no card secret reaches the UART. The
    /// record's own arrays are left untouched.
    /// </summary>
    public sealed class ApduTraceRecord : ReaderRecord
    {
        private readonly ArrayList frames = new ArrayList();

        /// <summary>A record about the NFC radio until told otherwise.</summary>
        public ApduTraceRecord()
            : base(ReaderInterface.Nfc)
        {
        }

        public override MessageType Type
        {
            get { return MessageType.ApduTrace; }
        }

        public byte[] Command { get; set; }

        public int CommandLength { get; set; }

        public byte[] Response { get; set; }

        public int ResponseLength { get; set; }

        /// <summary>The <see cref="TraceFrame"/>s in air order.</summary>
        public ArrayList Frames
        {
            get { return frames; }
        }

        public void SetCommand(byte[] command, int length)
        {
            Command = command;
            CommandLength = length;
        }

        public void SetResponse(byte[] response, int length)
        {
            Response = response;
            ResponseLength = length;
        }

        public override void WriteFields(FieldWriter writer)
        {
            WriteCommonFields(writer);
            int command = Command == null ? -1 : writer.WriteBytes(FieldTag.Command, Command, 0, CommandLength);
            if (command >= 0)
            {
                TlvRedactor.RedactCommand(writer.Buffer, command, CommandLength);
            }

            int response = Response == null ? -1 : writer.WriteBytes(FieldTag.Response, Response, 0, ResponseLength);
            if (response >= 0)
            {
                TlvRedactor.RedactResponse(writer.Buffer, command, command >= 0 ? CommandLength : 0, writer.Buffer, response, ResponseLength);
            }

            int commandAccumulated = 0;
            int responseAccumulated = 0;
            for (int index = 0; index < frames.Count; index++)
            {
                TraceFrame frame = (TraceFrame)frames[index];
                int data = frame.WriteField(writer, FieldTag.Frame);
                if (data < 0)
                {
                    return;
                }

                if (frame.Direction == FrameDirection.PcdToPicc)
                {
                    commandAccumulated = RedactInformationField(writer.Buffer, data, frame, Command, CommandLength, command, commandAccumulated);
                }
                else
                {
                    responseAccumulated = RedactInformationField(writer.Buffer, data, frame, Response, ResponseLength, response, responseAccumulated);
                }
            }
        }

        /// <summary>
        /// Rewrites the information field of an I-block (ISO/IEC 14443-4, 7.1: PCB, optional CID and NAD, INF, CRC)
        /// from the redacted APDU. The INF is expected at <paramref name="accumulated"/> (chained blocks follow each
        /// other); a retransmitted block is found by comparing with the original APDU. An INF that matches nowhere
        /// is filled whole (fail-safe).
        /// </summary>
        /// <returns>The APDU bytes carried so far in this direction.</returns>
        private static int RedactInformationField(byte[] buffer, int data, TraceFrame frame, byte[] original, int originalLength, int redacted, int accumulated)
        {
            int crcLength = frame.HasCrc ? 2 : 0;
            if (frame.Length < 1 + crcLength)
            {
                return accumulated;
            }

            int pcb = frame.Data[0];
            if ((pcb & 0xE2) != 0x02)
            {
                // Not an I-block (R- and S-blocks carry no APDU data; 7.1.1.1 block coding).
                return accumulated;
            }

            int start = 1 + ((pcb & 0x08) != 0 ? 1 : 0) + ((pcb & 0x04) != 0 ? 1 : 0);
            int length = frame.Length - crcLength - start;
            if (length <= 0)
            {
                return accumulated;
            }

            int position = -1;
            if (original != null && redacted >= 0)
            {
                if (Matches(frame.Data, start, original, accumulated, originalLength, length))
                {
                    position = accumulated;
                }
                else
                {
                    for (int candidate = 0; candidate + length <= originalLength; candidate++)
                    {
                        if (Matches(frame.Data, start, original, candidate, originalLength, length))
                        {
                            position = candidate;
                            break;
                        }
                    }
                }
            }

            if (position >= 0)
            {
                System.Array.Copy(buffer, redacted + position, buffer, data + start, length);
                accumulated = position + length;
            }
            else
            {
                for (int index = 0; index < length; index++)
                {
                    buffer[data + start + index] = TlvRedactor.Filler;
                }
            }

            if (frame.HasCrc)
            {
                CrcA.Append(buffer, data, frame.Length - 2);
            }

            return accumulated;
        }

        private static bool Matches(byte[] frame, int start, byte[] apdu, int position, int apduLength, int length)
        {
            if (position + length > apduLength)
            {
                return false;
            }

            for (int index = 0; index < length; index++)
            {
                if (frame[start + index] != apdu[position + index])
                {
                    return false;
                }
            }

            return true;
        }

        public override void ReadField(FieldTag tag, byte[] buffer, int index, int length)
        {
            switch (tag)
            {
                case FieldTag.Command: SetCommand(FieldReader.GetBytes(buffer, index, length), length); break;
                case FieldTag.Response: SetResponse(FieldReader.GetBytes(buffer, index, length), length); break;
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
