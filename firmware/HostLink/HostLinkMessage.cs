namespace DualReader.Firmware.HostLink
{
    /// <summary>
    /// A message of the host link: a record (reader → host) or a command (host → reader). The frame header carries
    /// <see cref="Type"/> and <see cref="Sequence"/>; the payload carries the fields the subclass writes.
    /// </summary>
    public abstract class HostLinkMessage
    {
        /// <summary>The message type of the frame header.</summary>
        public abstract MessageType Type { get; }

        /// <summary>
        /// The frame's sequence number: for records the reader's sequence number (assigned by the record queue), for
        /// host commands the host's own counter (echoed in the reader's answer).
        /// </summary>
        public uint Sequence { get; set; }

        /// <summary>Writes the payload fields.</summary>
        public abstract void WriteFields(FieldWriter writer);

        /// <summary>Reads one payload field; tags the message does not know are ignored (forward compatibility).</summary>
        public abstract void ReadField(FieldTag tag, byte[] buffer, int index, int length);

        /// <summary>Checks what the encoder must refuse to send (e.g. an unmasked PAN).</summary>
        public virtual EncodeStatus Validate()
        {
            return EncodeStatus.Ok;
        }
    }
}
