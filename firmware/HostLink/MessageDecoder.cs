namespace DualReader.Firmware.HostLink
{
    /// <summary>Turns a decoded frame into its message object (allocates: for the host, and for the reader's rare
    /// host commands; the reader reads acks with <see cref="AcknowledgeMessage.TryReadSequence"/>).</summary>
    public static class MessageDecoder
    {
        /// <summary>A new, empty message of <paramref name="type"/>, or null for a type this version does not know.</summary>
        public static HostLinkMessage Create(byte type)
        {
            switch ((MessageType)type)
            {
                case MessageType.Transaction: return new TransactionRecord();
                case MessageType.Error: return new ErrorRecord();
                case MessageType.Status: return new StatusRecord();
                case MessageType.Lost: return new LostRecord();
                case MessageType.ApduTrace: return new ApduTraceRecord();
                case MessageType.FrameTrace: return new FrameTraceRecord();
                case MessageType.ConfigurationResult: return new ConfigurationResultRecord();
                case MessageType.PassThroughResponse: return new PassThroughResponseRecord();
                case MessageType.Acknowledge: return new AcknowledgeMessage();
                case MessageType.Configuration: return new ConfigurationMessage();
                case MessageType.StatusRequest: return new StatusRequestMessage();
                case MessageType.PassThroughCommand: return new PassThroughCommandMessage();
                case MessageType.PassThroughSession: return new PassThroughSessionMessage();
                default: return null;
            }
        }

        /// <summary>Decodes a payload; null when the type is unknown or the fields overrun the payload.</summary>
        public static HostLinkMessage Decode(byte type, uint sequence, byte[] payload, int offset, int count)
        {
            HostLinkMessage message = Create(type);
            if (message == null)
            {
                return null;
            }

            message.Sequence = sequence;
            int position = offset;
            int end = offset + count;
            while (position < end)
            {
                if (position + 3 > end)
                {
                    return null;
                }

                FieldTag tag = (FieldTag)payload[position];
                int length = FieldReader.GetUInt16(payload, position + 1);
                int value = position + 3;
                if (value + length > end)
                {
                    return null;
                }

                if (length > 0 && MinimumLength(tag) <= length)
                {
                    message.ReadField(tag, payload, value, length);
                }

                position = value + length;
            }

            return message;
        }

        /// <summary>Decodes the frame the decoder just reported.</summary>
        public static HostLinkMessage Decode(FrameDecoder decoder)
        {
            return Decode(decoder.MessageType, decoder.Sequence, decoder.Payload, decoder.PayloadOffset, decoder.PayloadLength);
        }

        /// <summary>Fixed-size fields shorter than their size are ignored rather than read past.</summary>
        private static int MinimumLength(FieldTag tag)
        {
            switch (tag)
            {
                case FieldTag.TimeMicroseconds:
                case FieldTag.BalanceMinorUnits:
                    return 8;
                case FieldTag.DurationMicroseconds:
                case FieldTag.LostFirstSequence:
                case FieldTag.LostLastSequence:
                case FieldTag.LostCount:
                case FieldTag.HostSequence:
                case FieldTag.AcknowledgedSequence:
                    return 4;
                case FieldTag.CurrencyCode:
                case FieldTag.ApplicationTransactionCounter:
                case FieldTag.LastStatusWord:
                    return 2;
                default:
                    return 1;
            }
        }
    }
}
