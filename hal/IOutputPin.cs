namespace DualReader.Hal
{
    /// <summary>A digital output line (reset, chip enable).</summary>
    public interface IOutputPin
    {
        /// <summary>Drives the line high (true) or low (false).</summary>
        void Write(bool high);
    }
}
