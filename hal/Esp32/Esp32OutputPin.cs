using System.Device.Gpio;

namespace DualReader.Hal.Esp32
{
    /// <summary><see cref="IOutputPin"/> on a GPIO.</summary>
    public sealed class Esp32OutputPin : IOutputPin
    {
        private readonly GpioPin pin;

        /// <summary>Opens <paramref name="pinNumber"/> as an output at <paramref name="initialHigh"/>.</summary>
        public Esp32OutputPin(GpioController controller, int pinNumber, bool initialHigh)
        {
            pin = controller.OpenPin(pinNumber, PinMode.Output);
            Write(initialHigh);
        }

        /// <inheritdoc />
        public void Write(bool high)
        {
            pin.Write(high ? PinValue.High : PinValue.Low);
        }
    }
}
